import { execFile } from 'node:child_process'
import { appendFile, mkdir, mkdtemp, rename, rm, truncate, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parse, stringify } from 'yaml'
import type { InventoryInput } from '../../../src-shared/inventory'
import type { LogState } from '../../../src-shared/minecraft'
import { call, nextEvent, startSshLab, type SshLab } from '../../testing/ssh-lab'
import type { TempCore } from '../../testing/temp-core'
import { followUntilInputEnds } from './log-command'

const run = promisify(execFile)
let lab: SshLab
let temp: TempCore
let dir: string
let lines: Map<string, string[]>
let batches: Map<string, number[]>
let states: LogState[]
/** The attempt number of every reconnect's backoff, in order. */
let backoffs: number[] = []

function labYaml(servers: ({ id: string; log: string } | { id: string; container: string })[]): string {
  const inventory = parse(lab.inventoryYaml) as InventoryInput
  const pi = inventory.nodes.find((node) => node.id === 'lab-pi')!
  pi.services = [...(pi.services ?? []), ...servers.map((server) => ({ name: 'Minecraft', kind: 'minecraft' as const, ...server }))]
  return stringify(inventory)
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'homelab-mc-log-'))
  lab = await startSshLab({ sshPort: 2286, exporterPort: 9186, healthPort: 8086 })
  temp = await lab.startCore({
    yaml: labYaml([
      { id: 'mc', log: join(dir, 'latest.log') },
      { id: 'missing', log: join(dir, 'nowhere', 'latest.log') },
      // The lab's sessions reach no Docker daemon: `docker logs` ends at once, every time.
      { id: 'no-docker', container: 'minecraft' }
    ]),
    // Small batches and an early pause, so a burst exercises both.
    minecraft: {
      log: {
        backoffMs: (attempt) => {
          backoffs.push(attempt)
          return 200
        },
        maxLinesPerEvent: 200,
        pauseAboveLines: 1000
      }
    }
  })
  lines = new Map()
  batches = new Map()
  states = []
  temp.core.events.subscribe((name, payload) => {
    if (name === 'minecraft.log') {
      const { logId, lines: batch } = payload as { logId: string; lines: string[] }
      lines.set(logId, [...(lines.get(logId) ?? []), ...batch])
      batches.set(logId, [...(batches.get(logId) ?? []), batch.length])
    }
    if (name === 'minecraft.logState') states.push(payload as LogState)
  })
}, 60_000)

afterAll(async () => {
  await lab?.stop()
  if (dir) await rm(dir, { recursive: true, force: true })
})

async function open(serverId = 'lab-pi/mc'): Promise<string> {
  const { logId } = (await call(temp.core, 'minecraft.openLog', { serverId })) as { logId: string }
  return logId
}

/** Waits until the log's lines so far satisfy `accept`. */
async function linesOf(logId: string, accept: (got: string[]) => boolean, ms = 15_000): Promise<string[]> {
  const deadline = Date.now() + ms
  for (;;) {
    const got = lines.get(logId) ?? []
    if (accept(got)) return got
    if (Date.now() > deadline) throw new Error(`log ${logId} has ${got.length} lines, the last: ${JSON.stringify(got.slice(-3))}`)
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
}

/** Followers still running on the node (the lab's sshd runs them on this machine) for this path. */
async function followers(path: string): Promise<string[]> {
  const result = await run('pgrep', ['-f', `tail -n 500 -F ${path}`]).catch(() => ({ stdout: '' }))
  return result.stdout.split('\n').filter(Boolean)
}

async function until(check: () => Promise<boolean>, what: string, ms = 15_000): Promise<void> {
  const deadline = Date.now() + ms
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`still not ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
}

const logLine = (index: number) => `[12:00:00 INFO]: line ${index} §ahello`

describe('the server log, followed over the node’s real sshd', () => {
  const path = () => join(dir, 'latest.log')

  it('sends the last 500 lines first, then lines as they are written', async () => {
    await writeFile(path(), Array.from({ length: 600 }, (_, index) => `${logLine(index)}\n`).join(''))
    const logId = await open()
    const backlog = await linesOf(logId, (got) => got.length >= 500)
    expect(backlog).toEqual(Array.from({ length: 500 }, (_, index) => logLine(index + 100)))
    await appendFile(path(), `${logLine(600)}\n${logLine(601)}\n`)
    await linesOf(logId, (got) => got.length === 502)
    expect(lines.get(logId)!.slice(-2)).toEqual([logLine(600), logLine(601)])
    await call(temp.core, 'minecraft.closeLog', { logId })
  })

  it('passes a burst of lines on whole and in order, in bounded batches', async () => {
    await writeFile(path(), 'start\n')
    const logId = await open()
    await linesOf(logId, (got) => got.includes('start'))
    const burst = Array.from({ length: 20_000 }, (_, index) => logLine(index))
    await appendFile(path(), `${burst.join('\n')}\n`)
    const got = await linesOf(logId, (all) => all.length >= burst.length + 1, 60_000)
    expect(got).toEqual(['start', ...burst])
    expect(Math.max(...batches.get(logId)!)).toBeLessThanOrEqual(200)
    await call(temp.core, 'minecraft.closeLog', { logId })
  }, 90_000)

  it('keeps following when the server rotates the file or it is truncated (tail -F)', async () => {
    await writeFile(path(), 'before\n')
    const logId = await open()
    await linesOf(logId, (got) => got.includes('before'))
    await rename(path(), join(dir, '2025-06-02-1.log'))
    // Longer than what follows the truncation: tail tells a truncation by the file shrinking below
    // where it read, so a quick rewrite that outgrows it would be read from the old offset.
    await writeFile(path(), 'after rotation, a line longer than the one written after the truncation\n')
    await linesOf(logId, (got) => got.some((line) => line.startsWith('after rotation')))
    await truncate(path(), 0)
    await appendFile(path(), 'after truncation\n')
    await linesOf(logId, (got) => got.includes('after truncation'))
    await call(temp.core, 'minecraft.closeLog', { logId })
  })

  it('on close says so and leaves no follower running on the node', async () => {
    await writeFile(path(), 'one\n')
    const logId = await open()
    await linesOf(logId, (got) => got.includes('one'))
    await until(async () => (await followers(path())).length > 0, 'following on the node')
    const closed = nextEvent(temp.core, 'minecraft.logState', (state) => state.logId === logId && state.state === 'closed')
    await call(temp.core, 'minecraft.closeLog', { logId })
    expect(await closed).toMatchObject({ serverId: 'lab-pi/mc', message: null })
    await until(async () => (await followers(path())).length === 0, 'rid of the follower')
    await appendFile(path(), 'after close\n')
    await new Promise((resolve) => setTimeout(resolve, 300))
    expect(lines.get(logId)).not.toContain('after close')
  })

  it('reconnects when the node’s sshd goes away and comes back, without repeating lines', async () => {
    await writeFile(path(), 'a\nb\nc\n')
    const logId = await open()
    await linesOf(logId, (got) => got.includes('c'))
    const reconnecting = nextEvent(temp.core, 'minecraft.logState', (state) => state.logId === logId && state.state === 'reconnecting')
    await lab.lab.stopSshd('lab-pi')
    expect((await reconnecting).message).toBeTruthy()
    await appendFile(path(), 'd (written while away)\n')
    const streaming = nextEvent(temp.core, 'minecraft.logState', (state) => state.logId === logId && state.state === 'streaming', 30_000)
    await lab.lab.startSshd('lab-pi')
    await streaming
    await appendFile(path(), 'e\n')
    const got = await linesOf(logId, (all) => all.includes('e'), 30_000)
    expect(got).toEqual(['a', 'b', 'c', 'd (written while away)', 'e'])
    await call(temp.core, 'minecraft.closeLog', { logId })
  }, 60_000)

  it('tells why nothing comes when the file is not there, and picks it up once it appears', async () => {
    const missing = join(dir, 'nowhere', 'latest.log')
    const logId = await open('lab-pi/missing')
    const said = await nextEvent(temp.core, 'minecraft.logState', (state) => state.logId === logId && state.message !== null)
    expect(said.message).toMatch(/No such file or directory|cannot open/)
    await mkdir(join(dir, 'nowhere'))
    await writeFile(missing, 'appeared\n')
    await linesOf(logId, (got) => got.includes('appeared'))
    await call(temp.core, 'minecraft.closeLog', { logId })
  })

  it('backs off further each time the log command ends at once, rather than running it again every second', async () => {
    backoffs = []
    const logId = await open('lab-pi/no-docker')
    await until(async () => backoffs.length >= 4, 'tried four times')
    await call(temp.core, 'minecraft.closeLog', { logId })
    expect(backoffs.slice(0, 4)).toEqual([1, 2, 3, 4])
    const said = states.filter((state) => state.logId === logId && state.state === 'reconnecting').at(-1)
    expect(said?.message).toMatch(/^the log command ended \(exit code 1\): .*Docker daemon/)
  })

  it('closes every log when the page goes', async () => {
    const first = await open()
    const second = await open()
    const closedIds = new Set<string>()
    const both = nextEvent(temp.core, 'minecraft.logState', (state) => {
      if (state.state === 'closed') closedIds.add(state.logId)
      return closedIds.has(first) && closedIds.has(second)
    })
    temp.core.rendererGone()
    await both
    await until(async () => (await followers(path())).length === 0, 'rid of the followers')
  })

  it('closes only the logs of the page that went, when several pages have logs open', async () => {
    const openAs = async (caller: string) => {
      const reply = await temp.core.dispatch('minecraft.openLog', { serverId: 'lab-pi/mc' }, caller)
      if (!reply.ok) throw new Error(reply.error.message)
      return (reply.value as { logId: string }).logId
    }
    const gone = await openAs('page-1')
    const staying = await openAs('page-2')
    await appendFile(path(), 'both pages follow this\n')
    await linesOf(staying, (got) => got.some((line) => line.includes('both pages follow this')))
    await linesOf(gone, (got) => got.some((line) => line.includes('both pages follow this')))
    const bothPages = (await followers(path())).length
    const closed = nextEvent(temp.core, 'minecraft.logState', (state) => state.logId === gone && state.state === 'closed')
    temp.core.rendererGone('page-1')
    await closed
    await until(async () => (await followers(path())).length === bothPages / 2, 'down to the staying page’s follower')
    await appendFile(path(), 'only the staying page sees this\n')
    await linesOf(staying, (got) => got.some((line) => line.includes('only the staying page sees this')))
    expect(states.some((state) => state.logId === staying && state.state === 'closed')).toBe(false)
    await call(temp.core, 'minecraft.closeLog', { logId: staying })
  })

  it('ends a follower that never notices its reader left (busybox tail) once the channel closes', async () => {
    const quiet = join(dir, 'quiet.log')
    await writeFile(quiet, 'x\n')
    const pattern = `busybox tail -F ${quiet}`
    const client = await temp.core.ssh.pool.acquire('lab-pi')
    const channel = await new Promise<import('ssh2').ClientChannel>((resolve, reject) =>
      client.exec(followUntilInputEnds(['busybox', 'tail', '-F', quiet]), (error, opened) => (error ? reject(error) : resolve(opened)))
    )
    await new Promise((resolve) => channel.once('data', resolve))
    const running = (await run('pgrep', ['-f', pattern])).stdout.split('\n').filter(Boolean)
    expect(running.length).toBeGreaterThan(0)
    channel.end()
    channel.close()
    await until(async () => (await run('pgrep', ['-f', pattern]).catch(() => ({ stdout: '' }))).stdout.trim() === '', 'rid of busybox tail')
  })

  it('refuses a server that is not in the inventory', async () => {
    const reply = await temp.core.dispatch('minecraft.openLog', { serverId: 'lab-pi/none' })
    expect(reply).toMatchObject({ ok: false, error: { message: 'there is no Minecraft server "lab-pi/none" in the inventory' } })
  })
})
