import { execFile } from 'node:child_process'
import { readdir, readFile } from 'node:fs/promises'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Core } from '../../create-core'
import { nextEvent, startSshLab, type SshLab } from '../../../testing/ssh-lab'
import type { ProbeResult } from '../probe'
import { noMetricsReason } from './host-metrics'
import type { NodeExec } from './node-command'
import { sshMetricsProbe } from './ssh-metrics-probe'

const run = promisify(execFile)
/** lab-pi runs its sshd on this machine, so what it reports must match this machine's own /proc. */
const nodeId = 'lab-pi'
let ssh: SshLab
let core: Core

beforeAll(async () => {
  ssh = await startSshLab({ sshPort: 2281, exporterPort: 9181, healthPort: 8081 })
  core = (await ssh.startCore()).core
}, 60_000)

afterAll(async () => {
  await ssh?.stop()
})

const poolExec: NodeExec = (node, command, options) => core.ssh.pool.exec(node, command, options)

function probe(exec: NodeExec = poolExec, timeoutMs = 5000) {
  return sshMetricsProbe({ id: `${nodeId}/metrics`, nodeId, intervalMs: 10_000, timeoutMs, exec })
}

/** Runs the probe the way the scheduler does: aborted at its timeout. */
function runWithTimeout(subject: ReturnType<typeof probe>): Promise<ProbeResult> {
  const controller = new AbortController()
  const timer = setTimeout(() => controller.abort(), subject.timeoutMs)
  return subject.run(controller.signal).finally(() => clearTimeout(timer))
}

async function meminfoKb(field: string): Promise<number> {
  const match = new RegExp(`^${field}:\\s+(\\d+) kB$`, 'm').exec(await readFile('/proc/meminfo', 'utf8'))
  return Number(match?.[1])
}

const load1 = async () => Number((await readFile('/proc/loadavg', 'utf8')).split(' ')[0])

async function readableThermalZones(): Promise<number> {
  const zones = (await readdir('/sys/class/thermal').catch(() => [])).filter((name) => name.startsWith('thermal_zone'))
  const read = await Promise.all(zones.map((zone) => readFile(`/sys/class/thermal/${zone}/temp`, 'utf8').then(() => 1, () => 0)))
  return read.reduce<number>((sum, ok) => sum + ok, 0)
}

describe('the SSH metrics probe against the lab’s OpenSSH', () => {
  it('reads the node’s host metrics in one exec, with rates from the second poll on', async () => {
    const subject = probe()
    const loadBefore = await load1()
    const first = await runWithTimeout(subject)
    const loadAfter = await load1()
    expect(first).toMatchObject({ status: 'up' })
    const samples = first.samples ?? {}
    expect(samples['mem.total']).toBe((await meminfoKb('MemTotal')) * 1024)
    expect(samples['mem.used']).toBeGreaterThan(0)
    expect(samples['mem.used']).toBeLessThan(samples['mem.total'] ?? 0)
    // /proc/loadavg changes every 5 s: the probe saw the value before its run or the one after.
    expect([loadBefore, loadAfter]).toContain(samples.load1)
    const { stdout: df } = await run('df', ['-P', '-k', '/'])
    const rootBlocks = Number(df.trim().split('\n')[1]?.split(/\s+/)[1])
    expect(samples['disk.size:/']).toBe(rootBlocks * 1024)
    expect(samples['disk:/']).toBeGreaterThan(0)
    expect(samples['disk:/']).toBeLessThanOrEqual(100)
    const swapKb = await meminfoKb('SwapTotal')
    expect(samples['swap.total']).toBe(swapKb > 0 ? swapKb * 1024 : undefined)
    expect(samples.temp === undefined).toBe((await readableThermalZones()) === 0)
    expect(samples).not.toHaveProperty('cpu')
    expect(samples).not.toHaveProperty('net.rx')

    const second = await runWithTimeout(subject)
    expect(second.status).toBe('up')
    const rates = second.samples ?? {}
    expect(rates.cpu).toBeGreaterThanOrEqual(0)
    expect(rates.cpu).toBeLessThanOrEqual(100)
    expect(rates['net.rx']).toBeGreaterThanOrEqual(0)
    expect(rates['net.tx']).toBeGreaterThanOrEqual(0)
  })

  it('is degraded when the node answers without metrics', async () => {
    const wrongCommand: NodeExec = (node, _command, options) => core.ssh.pool.exec(node, 'echo hello', options)
    expect(await runWithTimeout(probe(wrongCommand))).toMatchObject({ status: 'degraded', reason: noMetricsReason })
  })

  it('says "timeout" when the exec’s own clock rings before the scheduler’s', async () => {
    const hanging: NodeExec = (node, _command, options) => core.ssh.pool.exec(node, 'sleep 3', options)
    const subject = probe(hanging, 300)
    expect(await subject.run(new AbortController().signal)).toEqual({ status: 'down', reason: 'timeout' })
  })

  it('gives up at once when aborted while the exec runs', async () => {
    const controller = new AbortController()
    let execDone: Promise<unknown> = Promise.resolve()
    const abortMidway: NodeExec = (node, command, options) => {
      const answer = poolExec(node, command, options)
      execDone = answer.then(() => 'the exec finished first')
      controller.abort()
      return answer
    }
    const result = await probe(abortMidway).run(controller.signal)
    expect(result).toEqual({ status: 'down', reason: 'timeout' })
    expect(await Promise.race([execDone, 'the probe gave up first'])).toBe('the probe gave up first')
    await execDone
  })

  it('is down with the reason when the node’s sshd is stopped, and up again once it is back', async () => {
    const subject = probe()
    expect((await runWithTimeout(subject)).status).toBe('up')
    const dropped = nextEvent(core, 'ssh.state', (state) => state.nodeId === nodeId && state.phase === 'disconnected')
    await ssh.lab.stopSshd(nodeId)
    await dropped
    const down = await runWithTimeout(subject)
    expect(down.status).toBe('down')
    expect(down.reason).toContain('connection was refused')
    await ssh.lab.startSshd(nodeId)
    const back = await runWithTimeout(subject)
    expect(back.status).toBe('up')
    // The failed poll forgot its reading: a rate across the outage would be drawn as current.
    expect(back.samples).not.toHaveProperty('cpu')
  })
})
