import { execFile } from 'node:child_process'
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { startDockerEngine, type DockerEngine } from '../../../lab/docker-engine'
import type { BackupRun } from '../../../src-shared/minecraft'
import { parse, stringify } from 'yaml'
import type { InventoryInput } from '../../../src-shared/inventory'
import { call, nextEvent, startSshLab, type SshLab } from '../../testing/ssh-lab'
import type { Core } from '../create-core'
import { BackupRuns } from './backup-runs'
import { BackupService } from './backup-service'
import type { MinecraftServer } from './minecraft-servers'
import { readProcessState } from './process-state'
import { controlServer } from './server-control'
import { runRestore } from './restore'
import { restoreWorld } from './world-archive'

const run = promisify(execFile)
let lab: SshLab
let core: Core
let engine: DockerEngine
let dockerDir: string
let dir: string
let events: BackupRun[]
/** What the container's hooks saw, in order: each stop and start with the world's level.dat then. */
let seen: string[]
let stopFails = false
/** While set, the container's stop waits for it, as a server saving a big world does. */
let stopGate: Promise<void> | undefined

beforeAll(async () => {
  dockerDir = await mkdtemp(join(tmpdir(), 'homelab-mc-docker-'))
  const levelNow = () => readFile(join(dir, 'srv', 'world', 'level.dat'), 'utf8').catch(() => 'no world')
  engine = await startDockerEngine({
    socketPath: join(dockerDir, 'docker.sock'),
    hooks: {
      minecraft: {
        stop: async () => {
          if (stopFails) throw new Error('cannot stop container: permission denied')
          await stopGate
          seen.push(`stop: ${await levelNow()}`)
        },
        start: async () => {
          seen.push(`start: ${await levelNow()}`)
        }
      }
    }
  })
  // Every lab session talks to the engine emulator, as sessions on a real node talk to dockerd.
  lab = await startSshLab({
    sshPort: 2286,
    exporterPort: 9186,
    healthPort: 8086,
    sessionEnv: { DOCKER_HOST: engine.host, DOCKER_CONFIG: join(dockerDir, 'docker-config') }
  })
  core = (await lab.startCore()).core
}, 60_000)

afterAll(async () => {
  await lab?.stop()
  await engine?.close()
  if (dockerDir) await rm(dockerDir, { recursive: true, force: true })
})

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'homelab-mc-restore-'))
  events = []
  seen = []
  stopFails = false
  stopGate = undefined
  // The archive holds the world as it was; the live world has changed since.
  await mkdir(join(dir, 'srv', 'world', 'region'), { recursive: true })
  await writeFile(join(dir, 'srv', 'world', 'level.dat'), 'level as archived')
  await writeFile(join(dir, 'srv', 'world', 'region', 'r.0.0.mca'), 'region as archived')
  await mkdir(join(dir, 'backups'))
  await run('tar', ['-czf', join(dir, 'backups', 'world-20250601-030000.tar.gz'), '-C', join(dir, 'srv'), 'world'])
  await writeFile(join(dir, 'srv', 'world', 'level.dat'), 'level as played since')
  await writeFile(join(dir, 'srv', 'world', 'griefed.txt'), 'new since the backup')
})

afterEach(async () => {
  await rm(dir, { recursive: true, force: true })
})

const exec = (nodeId: string, command: string, options: { timeoutMs: number }) => core.ssh.pool.exec(nodeId, command, options)
const world = () => join(dir, 'srv', 'world')

async function tree(root: string): Promise<Record<string, string>> {
  const entries = await readdir(root, { recursive: true, withFileTypes: true })
  const files = entries.filter((entry) => entry.isFile())
  return Object.fromEntries(await Promise.all(files.map(async (entry) => [join(entry.parentPath, entry.name).slice(root.length + 1), await readFile(join(entry.parentPath, entry.name), 'utf8')])))
}

describe('putting an archive’s world in place, over the node’s real sshd', () => {
  it('replaces the world with the archive’s and keeps the world as it was beside it', async () => {
    const client = await core.ssh.pool.acquire('lab-pi')
    const aside = `${world()}.before-restore-20250602-101500`
    const bytes = await restoreWorld(client, { world: world(), archive: join(dir, 'backups', 'world-20250601-030000.tar.gz'), aside }, () => undefined)
    expect(bytes).toBeGreaterThan(0)
    expect(await tree(world())).toEqual({ 'level.dat': 'level as archived', 'region/r.0.0.mca': 'region as archived' })
    expect(await tree(aside)).toEqual({ 'level.dat': 'level as played since', 'griefed.txt': 'new since the backup', 'region/r.0.0.mca': 'region as archived' })
    expect((await readdir(join(dir, 'srv'))).sort()).toEqual(['world', 'world.before-restore-20250602-101500'])
  })

  it('leaves the world as it is when the archive is damaged, and nothing half-extracted behind', async () => {
    const damaged = join(dir, 'backups', 'world-20250602-030000.tar.gz')
    await writeFile(damaged, (await readFile(join(dir, 'backups', 'world-20250601-030000.tar.gz'))).subarray(0, 40))
    const client = await core.ssh.pool.acquire('lab-pi')
    await expect(restoreWorld(client, { world: world(), archive: damaged, aside: `${world()}.aside` }, () => undefined)).rejects.toThrow(/^the archive could not be restored: /)
    expect(await tree(world())).toMatchObject({ 'level.dat': 'level as played since', 'griefed.txt': 'new since the backup' })
    expect(await readdir(join(dir, 'srv'))).toEqual(['world'])
  })

  it('refuses an archive of another folder, leaving the world alone', async () => {
    await mkdir(join(dir, 'elsewhere', 'nether'), { recursive: true })
    await writeFile(join(dir, 'elsewhere', 'nether', 'level.dat'), 'x')
    const other = join(dir, 'backups', 'nether-20250601-030000.tar.gz')
    await run('tar', ['-czf', other, '-C', join(dir, 'elsewhere'), 'nether'])
    const client = await core.ssh.pool.acquire('lab-pi')
    await expect(restoreWorld(client, { world: world(), archive: other, aside: `${world()}.aside` }, () => undefined)).rejects.toThrow('the archive holds no folder named world')
    expect(await readdir(join(dir, 'srv'))).toEqual(['world'])
  })
})

describe('a restore through the server’s container (docker CLI on the node, the lab’s engine emulator)', () => {
  function server(): MinecraftServer {
    return {
      id: 'lab-pi/minecraft',
      nodeId: 'lab-pi',
      name: 'Lab Pi › Minecraft',
      host: '127.0.1.11',
      port: 25565,
      rcon: null,
      log: null,
      world: world(),
      backups: join(dir, 'backups'),
      control: { kind: 'docker', name: 'minecraft' }
    }
  }

  function service(): BackupService {
    return new BackupService({
      runs: new BackupRuns((event) => events.push(event)),
      exec,
      acquire: (nodeId) => core.ssh.pool.acquire(nodeId),
      rcon: () => null,
      keep: () => 3
    })
  }

  async function finished(runId: string): Promise<BackupRun> {
    const deadline = Date.now() + 30_000
    for (;;) {
      const last = events.filter((event) => event.runId === runId).at(-1)
      if (last && last.state !== 'running') return last
      if (Date.now() > deadline) throw new Error(`run ${runId} is still at ${last?.step}`)
      await new Promise((resolve) => setTimeout(resolve, 50))
    }
  }

  it('reads the container’s state as docker ps gives it', async () => {
    engine.setContainers([{ name: 'minecraft', image: 'itzg/minecraft-server:java21', state: 'running', startedAt: new Date(Date.now() - 2 * 3_600_000) }])
    expect(await readProcessState(exec, 'lab-pi', { kind: 'docker', name: 'minecraft' }, 10_000)).toEqual({ state: 'running', running: true, detail: 'Up 2 hours' })
    engine.setContainers([])
    expect(await readProcessState(exec, 'lab-pi', { kind: 'docker', name: 'minecraft' }, 10_000)).toEqual({ state: 'unknown', running: false, detail: 'no container named minecraft' })
  })

  it('asks for the archive’s name before anything', () => {
    expect(() => service().restore(server(), 'world-20250601-030000.tar.gz', 'world')).toThrow("type the archive's name, world-20250601-030000.tar.gz, to confirm the restore")
    expect(events).toEqual([])
  })

  const running = () => engine.setContainers([{ name: 'minecraft', image: 'itzg/minecraft-server:java21', state: 'running' }])
  const posts = () => engine.requests().filter((request) => request.startsWith('POST')).map((request) => request.replace(/^POST \/v[\d.]+\/containers\/minecraft\/(\w+).*$/, '$1'))
  const file = 'world-20250601-030000.tar.gz'

  it('stops the server, puts the archive’s world in place, keeps the old one aside and starts it again', async () => {
    running()
    const before = posts().length
    const started = service().restore(server(), file, file)
    expect(started).toMatchObject({ kind: 'restore', step: 'stop', state: 'running', file })
    const done = await finished(started.runId)
    expect(done).toMatchObject({ state: 'done', step: 'start', error: null, file })
    expect(done.bytes).toBeGreaterThan(0)
    expect(seen).toEqual(['stop: level as played since', 'start: level as archived'])
    expect(posts().slice(before)).toEqual(['stop', 'start'])
    expect([...new Set(events.filter((event) => event.runId === started.runId).map((event) => event.step))]).toEqual(['stop', 'restore', 'start'])
    expect(await tree(world())).toEqual({ 'level.dat': 'level as archived', 'region/r.0.0.mca': 'region as archived' })
    const aside = (await readdir(join(dir, 'srv'))).find((name) => name.startsWith('world.before-restore-'))
    expect(aside).toMatch(/^world\.before-restore-\d{8}-\d{6}$/)
    expect(await tree(join(dir, 'srv', aside!))).toMatchObject({ 'griefed.txt': 'new since the backup' })
    expect(await readProcessState(exec, 'lab-pi', { kind: 'docker', name: 'minecraft' }, 10_000)).toMatchObject({ state: 'running', running: true })
  })

  it('starts the server again with its own world when the archive is damaged', async () => {
    running()
    await writeFile(join(dir, 'backups', 'world-20250602-030000.tar.gz'), 'not gzip at all')
    const started = service().restore(server(), 'world-20250602-030000.tar.gz', 'world-20250602-030000.tar.gz')
    const failed = await finished(started.runId)
    expect(failed).toMatchObject({ state: 'failed', step: 'restore' })
    expect(failed.error).toMatch(/^the archive could not be restored: /)
    expect(seen).toEqual(['stop: level as played since', 'start: level as played since'])
    expect(await readdir(join(dir, 'srv'))).toEqual(['world'])
  })

  it('touches nothing when the container cannot be stopped, and does not start it', async () => {
    running()
    stopFails = true
    const before = posts().length
    const started = service().restore(server(), file, file)
    const failed = await finished(started.runId)
    expect(failed).toMatchObject({ state: 'failed', step: 'stop' })
    expect(failed.error).toMatch(/^docker stop minecraft failed: Error response from daemon: cannot stop container: permission denied/)
    expect(posts().slice(before)).toEqual(['stop'])
    expect(await tree(world())).toMatchObject({ 'level.dat': 'level as played since' })
  })

  it('finds a missing archive before it stops the server', async () => {
    running()
    const before = posts().length
    const gone = 'world-20240101-000000.tar.gz'
    const failed = await finished(service().restore(server(), gone, gone).runId)
    expect(failed).toMatchObject({ state: 'failed', step: 'stop' })
    expect(failed.error).toBe(`there is no archive at ${join(dir, 'backups', gone)} (any more); the server was not touched`)
    expect(posts().slice(before)).toEqual([])
    expect(await readProcessState(exec, 'lab-pi', { kind: 'docker', name: 'minecraft' }, 10_000)).toMatchObject({ state: 'running' })
  })

  it('leaves a server that was already stopped stopped after restoring its world', async () => {
    engine.setContainers([{ name: 'minecraft', image: 'itzg/minecraft-server:java21', state: 'exited' }])
    const before = posts().length
    const done = await finished(service().restore(server(), file, file).runId)
    expect(done).toMatchObject({ state: 'done', error: null })
    expect(posts().slice(before)).toEqual([])
    expect(await tree(world())).toEqual({ 'level.dat': 'level as archived', 'region/r.0.0.mca': 'region as archived' })
    expect(await readProcessState(exec, 'lab-pi', { kind: 'docker', name: 'minecraft' }, 10_000)).toMatchObject({ running: false })
  })

  it('restores nothing while the container shows as anything but stopped, and says what it shows', async () => {
    engine.setContainers([{ name: 'minecraft', image: 'itzg/minecraft-server:java21', state: 'removing' }])
    const handle = new BackupRuns((event) => events.push(event)).begin('lab-pi/minecraft', 'Lab Pi › Minecraft', 'restore', 'stop', false)
    const job = {
      nodeId: 'lab-pi',
      world: world(),
      folder: join(dir, 'backups'),
      file,
      control: { kind: 'docker', name: 'minecraft' } as const,
      client: () => core.ssh.pool.acquire('lab-pi'),
      exec,
      now: () => new Date(),
      stopWaitMs: 1500
    }
    await runRestore(job, handle)
    expect(handle.run()).toMatchObject({ state: 'failed', step: 'stop' })
    expect(handle.run().error).toContain('the server still shows as removing')
    expect(await tree(world())).toMatchObject({ 'level.dat': 'level as played since', 'griefed.txt': 'new since the backup' })
    expect(await readdir(join(dir, 'srv'))).toEqual(['world'])
  })

  it('refuses to start, stop or restart the server while its restore runs', async () => {
    running()
    const inventory = parse(lab.inventoryYaml) as InventoryInput
    const pi = inventory.nodes.find((node) => node.id === 'lab-pi')!
    pi.services = [{ id: 'mc', name: 'Minecraft', kind: 'minecraft', container: 'minecraft', world: world(), backups: join(dir, 'backups') }]
    const { core: own } = await lab.startCore({ yaml: stringify(inventory) })
    let release: () => void = () => undefined
    stopGate = new Promise<void>((resolve) => (release = resolve))
    const restoring = (await call(own, 'minecraft.restore', { serverId: 'lab-pi/mc', file, confirm: file })) as BackupRun
    for (const action of ['start', 'stop', 'restart']) {
      expect(await own.dispatch('minecraft.control', { serverId: 'lab-pi/mc', action })).toMatchObject({
        ok: false,
        error: { message: `Lab Pi › Minecraft has a backup or restore under way: wait until it ends to ${action} the server` }
      })
    }
    const ended = nextEvent(own, 'minecraft.backup', (run) => run.runId === restoring.runId && run.state !== 'running', 30_000)
    release()
    expect(await ended).toMatchObject({ state: 'done' })
    expect(seen).toEqual(['stop: level as played since', 'start: level as archived'])
  })

  it('starts, stops and restarts the container, the state following', async () => {
    running()
    const control = { kind: 'docker', name: 'minecraft' } as const
    await controlServer(exec, 'lab-pi', control, 'stop')
    expect(await readProcessState(exec, 'lab-pi', control, 10_000)).toMatchObject({ state: 'exited', running: false })
    await controlServer(exec, 'lab-pi', control, 'start')
    expect(await readProcessState(exec, 'lab-pi', control, 10_000)).toMatchObject({ state: 'running', running: true })
    await controlServer(exec, 'lab-pi', control, 'restart')
    expect(seen.slice(-2)).toEqual(['stop: level as played since', 'start: level as played since'])
    await expect(controlServer(exec, 'lab-pi', { kind: 'docker', name: 'nope' }, 'start')).rejects.toThrow('there is no container named nope')
    await expect(controlServer(exec, 'lab-pi', { kind: 'docker', name: 'bad name;' }, 'start')).rejects.toThrow('"bad name;" is not a valid container name')
  })
})
