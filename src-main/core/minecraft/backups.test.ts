import { execFile } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdir, mkdtemp, readdir, rm, stat, utimes, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { createPaperServer } from '../../../lab/paper-server'
import { startRconEmulator, type RconEmulator } from '../../../lab/rcon'
import type { BackupRun } from '../../../src-shared/minecraft'
import { startSshLab, type SshLab } from '../../testing/ssh-lab'
import type { Core } from '../create-core'
import { listBackups } from './backup-files'
import { BackupRuns } from './backup-runs'
import { BackupService } from './backup-service'
import type { MinecraftServer } from './minecraft-servers'
import { RconClient } from './rcon-client'

const run = promisify(execFile)
const address = '127.0.1.82'
const port = 25575
const password = 'backup-secret'
/** Nothing listens here: RCON is down. */
const downAddress = '127.0.1.84'
/** A server whose save takes longer than an ordinary command may. */
const slowSaveAddress = '127.0.1.90'

let lab: SshLab
let core: Core
let emulator: RconEmulator
let dir: string
let rcon: RconClient
let events: BackupRun[]
let runs: BackupRuns
let keep = 3

beforeAll(async () => {
  lab = await startSshLab({ sshPort: 2286, exporterPort: 9186, healthPort: 8086 })
  core = (await lab.startCore()).core
  emulator = await startRconEmulator({ address, port, password })
}, 60_000)

afterAll(async () => {
  await emulator?.close()
  await lab?.stop()
})

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'homelab-mc-backup-'))
  await mkdir(join(dir, 'srv', 'world', 'region'), { recursive: true })
  await writeFile(join(dir, 'srv', 'world', 'level.dat'), 'level')
  // Random bytes do not compress: the archive is about this big, and takes a moment to write.
  await writeFile(join(dir, 'srv', 'world', 'region', 'r.0.0.mca'), Buffer.alloc(4 << 20, 7).map(() => Math.floor(Math.random() * 256)))
  rcon = new RconClient({ host: address, port, password: async () => password })
  events = []
  runs = new BackupRuns((event) => events.push(event))
  keep = 3
})

afterEach(async () => {
  rcon.close()
  await rm(dir, { recursive: true, force: true })
})

function server(overrides: Partial<MinecraftServer> = {}): MinecraftServer {
  return {
    id: 'lab-pi/minecraft',
    nodeId: 'lab-pi',
    name: 'Lab Pi › Minecraft',
    host: address,
    port: 25565,
    rcon: { port, password: 'env:MC_RCON' },
    log: null,
    world: join(dir, 'srv', 'world'),
    backups: join(dir, 'backups'),
    control: null,
    ...overrides
  }
}

function service(client: RconClient = rcon): BackupService {
  return new BackupService({
    runs,
    exec: (nodeId, command, options) => core.ssh.pool.exec(nodeId, command, options),
    acquire: (nodeId) => core.ssh.pool.acquire(nodeId),
    rcon: () => client,
    keep: () => keep,
    now: () => new Date(2025, 5, 2, 3, 15, 0)
  })
}

/** The run's last event once it is done or failed. */
async function finished(runId: string, ms = 30_000): Promise<BackupRun> {
  const deadline = Date.now() + ms
  for (;;) {
    const last = events.filter((event) => event.runId === runId).at(-1)
    if (last && last.state !== 'running') return last
    if (Date.now() > deadline) throw new Error(`run ${runId} is still at ${last?.step}`)
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
}

const commandsSince = (count: number) => emulator.commands().slice(count).map((record) => record.command)

describe('a live backup over RCON and the node’s real sshd', () => {
  it('goes save-off, save-all flush, archive, save-on, rotate, and the archive is complete before save-on', async () => {
    const before = emulator.commands().length
    let archiveAtSaveOn: boolean | undefined
    const watched = new BackupRuns((event) => {
      events.push(event)
      if (event.step === 'save-on' && archiveAtSaveOn === undefined) archiveAtSaveOn = existsSync(join(dir, 'backups', 'world-20250602-031500.tar.gz'))
    })
    runs = watched
    const started = service().backup(server())
    expect(started).toMatchObject({ kind: 'backup', state: 'running', scheduled: false, serverId: 'lab-pi/minecraft' })
    const done = await finished(started.runId)
    expect(done).toMatchObject({ state: 'done', error: null, file: 'world-20250602-031500.tar.gz' })
    expect(commandsSince(before)).toEqual(['save-off', 'save-all flush', 'save-on'])
    expect(archiveAtSaveOn).toBe(true)
    expect(emulator.server.autosave).toBe(true)
    const steps = events.filter((event) => event.runId === started.runId).map((event) => event.step)
    expect([...new Set(steps)]).toEqual(['save-off', 'save-all', 'archive', 'save-on', 'rotate'])
    const archive = join(dir, 'backups', 'world-20250602-031500.tar.gz')
    expect(done.bytes).toBe((await stat(archive)).size)
    expect(await readdir(join(dir, 'backups'))).toEqual(['world-20250602-031500.tar.gz'])
    const listing = (await run('tar', ['-tzf', archive])).stdout.split('\n').filter(Boolean).sort()
    expect(listing).toEqual(['world/', 'world/level.dat', 'world/region/', 'world/region/r.0.0.mca'])
    expect(runs.list()[0]).toEqual(done)
  })

  it('still sends save-on when the world folder is missing, and says why it failed', async () => {
    const before = emulator.commands().length
    const started = service().backup(server({ world: join(dir, 'srv', 'gone') }))
    const failed = await finished(started.runId)
    expect(failed).toMatchObject({ state: 'failed', step: 'archive' })
    expect(failed.error).toContain(`there is no world folder at ${join(dir, 'srv', 'gone')}`)
    expect(commandsSince(before)).toEqual(['save-off', 'save-all flush', 'save-on'])
    expect(emulator.server.autosave).toBe(true)
  })

  it('still sends save-on when the backups folder cannot be written, and leaves no half archive', async () => {
    await writeFile(join(dir, 'not-a-folder'), '')
    const before = emulator.commands().length
    const started = service().backup(server({ backups: join(dir, 'not-a-folder', 'backups') }))
    const failed = await finished(started.runId)
    expect(failed).toMatchObject({ state: 'failed', step: 'archive' })
    expect(failed.error).toMatch(/^the archive could not be written: .*Not a directory/)
    expect(commandsSince(before)).toEqual(['save-off', 'save-all flush', 'save-on'])
  })

  it('still tries save-on when RCON is down, and says both failed', async () => {
    const down = new RconClient({ host: downAddress, port, password: async () => password })
    const started = service(down).backup(server())
    const failed = await finished(started.runId)
    expect(failed).toMatchObject({ state: 'failed', step: 'save-off' })
    expect(failed.error).toMatch(/^save-off failed: connection refused .*; then save-on failed: connection refused .*saving stays off until "save-on" is run/)
    expect(existsSync(join(dir, 'backups'))).toBe(false)
    down.close()
  })

  it('waits for a save-all flush that takes longer than an ordinary command may (a big world)', async () => {
    const slow = await startRconEmulator({ address: slowSaveAddress, port, password, server: createPaperServer({ saveMs: 1500 }) })
    const client = new RconClient({ host: slowSaveAddress, port, password: async () => password, timeouts: { commandMs: 500 } })
    try {
      const started = service(client).backup(server())
      expect(await finished(started.runId)).toMatchObject({ state: 'done', error: null })
      expect(slow.commands().map((record) => record.command)).toEqual(['save-off', 'save-all flush', 'save-on'])
      expect(slow.server.autosave).toBe(true)
    } finally {
      client.close()
      await slow.close()
    }
  })

  it('keeps the newest N of this world’s archives and never touches other files', async () => {
    const folder = join(dir, 'backups')
    await mkdir(folder)
    const old = ['world-20250101-030000.tar.gz', 'world-20250301-030000.tar.gz', 'world-20250201-030000.tar.gz', 'world-20250401-030000.tar.gz']
    for (const name of [...old, 'other-20240101-000000.tar.gz', 'keep-me.tar.gz']) await writeFile(join(folder, name), 'x')
    const started = service().backup(server())
    expect(await finished(started.runId)).toMatchObject({ state: 'done' })
    expect((await readdir(folder)).sort()).toEqual([
      'keep-me.tar.gz',
      'other-20240101-000000.tar.gz',
      'world-20250301-030000.tar.gz',
      'world-20250401-030000.tar.gz',
      'world-20250602-031500.tar.gz'
    ])
  })

  it('never rotates away the archive just written, even when its name sorts older (the clocks went back)', async () => {
    const folder = join(dir, 'backups')
    await mkdir(folder)
    // Written at 03:40 before the clocks went back an hour; this backup runs at 03:15 after.
    await writeFile(join(folder, 'world-20250602-034000.tar.gz'), 'x')
    await writeFile(join(folder, 'world-20250601-030000.tar.gz'), 'x')
    keep = 1
    const started = service().backup(server())
    expect(await finished(started.runId)).toMatchObject({ state: 'done' })
    expect(await readdir(folder)).toEqual(['world-20250602-031500.tar.gz'])
  })

  it('runs one backup per server at a time', async () => {
    const backups = service()
    const first = backups.backup(server())
    expect(() => backups.backup(server())).toThrow('Lab Pi › Minecraft already has a backup or restore under way')
    expect(await finished(first.runId)).toMatchObject({ state: 'done' })
    const second = backups.backup(server())
    expect(await finished(second.runId)).toMatchObject({ state: 'done' })
  })

  it('refuses a server without RCON or folders before doing anything', () => {
    expect(() => new BackupService({ runs, exec: () => Promise.reject(new Error('unused')), acquire: () => Promise.reject(new Error('unused')), rcon: () => null, keep: () => 3 }).backup(server())).toThrow(
      'has no RCON: a live backup needs it to pause saving'
    )
    expect(() => service().backup(server({ id: 'lab-pi/other', backups: null }))).toThrow('needs both world and backups folders')
  })

  it('refuses a world path that is no folder of its own, or that the shell cannot be given, before save-off', () => {
    const before = emulator.commands().length
    for (const world of ['~', '/', '/srv/minecraft/..', 'world/.']) {
      expect(() => service().backup(server({ world }))).toThrow(`the world path ${JSON.stringify(world)} must name the world folder itself`)
    }
    expect(() => service().backup(server({ world: "/srv/it's/world" }))).toThrow('cannot be passed to the node')
    expect(() => service().restore(server({ world: '~', control: { kind: 'docker', name: 'mc' } }), 'world-20250601-030000.tar.gz', 'world-20250601-030000.tar.gz')).toThrow(
      'must name the world folder itself'
    )
    expect(emulator.commands()).toHaveLength(before)
    expect(runs.list()).toEqual([])
  })
})

describe('the list of backups', () => {
  it('gives name, size and time of each archive, newest first, without half-written ones', async () => {
    const folder = join(dir, 'backups')
    await mkdir(folder)
    await writeFile(join(folder, 'world-20250601-030000.tar.gz'), 'a'.repeat(1234))
    await writeFile(join(folder, 'world-20250602-030000.tar.gz'), 'b'.repeat(10))
    await writeFile(join(folder, '.world-20250603-030000.tar.gz.partial'), 'c')
    await writeFile(join(folder, 'notes.txt'), 'd')
    await utimes(join(folder, 'world-20250601-030000.tar.gz'), new Date('2025-06-01T03:00:05Z'), new Date('2025-06-01T03:00:05Z'))
    await utimes(join(folder, 'world-20250602-030000.tar.gz'), new Date('2025-06-02T03:00:07Z'), new Date('2025-06-02T03:00:07Z'))
    const exec = (nodeId: string, command: string, options: { timeoutMs: number }) => core.ssh.pool.exec(nodeId, command, options)
    expect(await listBackups(exec, 'lab-pi', folder)).toEqual([
      { name: 'world-20250602-030000.tar.gz', size: 10, createdAt: Date.parse('2025-06-02T03:00:07Z') },
      { name: 'world-20250601-030000.tar.gz', size: 1234, createdAt: Date.parse('2025-06-01T03:00:05Z') }
    ])
    expect(await listBackups(exec, 'lab-pi', join(dir, 'no-backups-yet'))).toEqual([])
  })
})
