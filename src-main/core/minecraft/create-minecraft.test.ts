import { writeFile } from 'node:fs/promises'
import { createClient, type Client } from 'minecraft-protocol'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startMinecraft, type MinecraftServer } from '../../../lab/minecraft'
import { createPaperServer } from '../../../lab/paper-server'
import { startRconEmulator, type RconEmulator } from '../../../lab/rcon'
import type { BackupRun, MinecraftStatus } from '../../../src-shared/minecraft'
import { call, nextEvent } from '../../testing/ssh-lab'
import { startTempCore, type TempCore } from '../../testing/temp-core'

const address = '127.0.1.83'
/** Nothing listens here. */
const downAddress = '127.0.1.84'
/** A server whose save takes a while, with no SSH. */
const slowAddress = '127.0.1.91'
const gamePort = 25565
const rconPort = 25575
const password = 'core-rcon-secret'
const version = '1.16.5'

const yaml = `name: Minecraft lab
nodes:
  - id: mc-box
    name: Mc box
    host: ${address}
    services:
      - { id: paper, name: Paper, kind: minecraft, port: ${gamePort}, rcon: { port: ${rconPort}, password: "env:MC_RCON" }, log: /srv/mc/logs/latest.log, world: /srv/mc/world, backups: /srv/mc/backups, unit: minecraft.service }
      - { id: unset, kind: minecraft, port: ${gamePort}, rcon: { port: ${rconPort}, password: "env:MC_UNSET" }, container: mc }
      - { id: bare, kind: minecraft, port: ${gamePort} }
  - id: down
    name: Down box
    host: ${downAddress}
    services:
      - { id: paper, name: Paper, kind: minecraft, port: ${gamePort}, rcon: { port: ${rconPort}, password: "env:MC_RCON" } }
`

let game: MinecraftServer
let rcon: RconEmulator
let temp: TempCore
const players: Client[] = []

beforeAll(async () => {
  game = await startMinecraft({ address, port: gamePort, motd: 'Lab §aPaper§r on mc-box', maxPlayers: 20, version })
  rcon = await startRconEmulator({ address, port: rconPort, password })
  temp = await startTempCore(yaml, 'headless', { env: { MC_RCON: password }, minecraft: { pingTimeoutMs: 3000 } })
}, 60_000)

afterAll(async () => {
  for (const player of players) player.end()
  await temp?.dispose()
  await rcon?.close()
  await game?.close()
})

const status = async (serverId: string) => (await call(temp.core, 'minecraft.status', { serverId })) as MinecraftStatus

describe('the Minecraft feature of the core', () => {
  it('lists the servers of the inventory with what can be done with each', async () => {
    expect(await call(temp.core, 'minecraft.servers', {})).toEqual([
      {
        id: 'mc-box/paper',
        nodeId: 'mc-box',
        name: 'Mc box › Paper',
        host: address,
        port: gamePort,
        rcon: true,
        log: { kind: 'file', name: '/srv/mc/logs/latest.log' },
        backups: true,
        control: { kind: 'systemd', name: 'minecraft.service' }
      },
      { id: 'mc-box/unset', nodeId: 'mc-box', name: 'Mc box › unset', host: address, port: gamePort, rcon: true, log: { kind: 'docker', name: 'mc' }, backups: false, control: { kind: 'docker', name: 'mc' } },
      { id: 'mc-box/bare', nodeId: 'mc-box', name: 'Mc box › bare', host: address, port: gamePort, rcon: false, log: null, backups: false, control: null },
      { id: 'down/paper', nodeId: 'down', name: 'Down box › Paper', host: downAddress, port: gamePort, rcon: true, log: null, backups: false, control: null }
    ])
  })

  it('gives the status from the ping and from RCON list and tps', async () => {
    rcon.setPlayers(['Steve', 'Alex'])
    rcon.setTps([20, 19.5, 12])
    const got = await status('mc-box/paper')
    expect(got).toMatchObject({
      serverId: 'mc-box/paper',
      online: true,
      pingError: null,
      version,
      playersOnline: 2,
      playersMax: 20,
      players: ['Steve', 'Alex'],
      tps: [20, 19.5, 12],
      rcon: { state: 'ok', message: null }
    })
    expect(got.motd).toContain('§a')
    expect(got.motd).toContain('Paper')
    expect(got.latencyMs).toBeGreaterThanOrEqual(0)
    // No SSH reaches this node: the unit's state says why instead of failing the status.
    expect(got.process).toMatchObject({ state: 'unknown', running: false })
    rcon.setPlayers([])
  })

  it('falls back to the ping’s names when the RCON password is not set, and says so', async () => {
    const steve = createClient({ host: address, port: gamePort, username: 'Steve', auth: 'offline', version })
    players.push(steve)
    await new Promise((resolve, reject) => {
      steve.once('login', resolve)
      steve.once('error', reject)
    })
    const got = await status('mc-box/unset')
    expect(got).toMatchObject({ online: true, players: ['Steve'], playersOnline: 1, tps: null, rcon: { state: 'error', message: 'the RCON password env:MC_UNSET is not set' } })
  })

  it('says RCON is not configured, and what is down when nothing answers', async () => {
    expect(await status('mc-box/bare')).toMatchObject({ online: true, rcon: { state: 'not-configured', message: null }, tps: null, process: null })
    const down = await status('down/paper')
    expect(down).toMatchObject({ online: false, version: null, motd: null, playersOnline: null, players: [], latencyMs: null, rcon: { state: 'error' } })
    expect(down.pingError).toMatch(/^connection refused/)
    expect(down.rcon.message).toMatch(/^connection refused at 127\.0\.1\.84:25575/)
  })

  it('sends commands over RCON and keeps them in the history', async () => {
    const before = rcon.commands().length
    const reply = await call(temp.core, 'minecraft.command', { serverId: 'mc-box/paper', command: 'whitelist add Steve' })
    expect(reply).toMatchObject({ command: 'whitelist add Steve', reply: 'Added Steve to the whitelist' })
    await call(temp.core, 'minecraft.command', { serverId: 'mc-box/paper', command: '  whitelist add Steve ' })
    await call(temp.core, 'minecraft.command', { serverId: 'mc-box/paper', command: 'whitelist list' })
    expect(rcon.commands().slice(before).map((record) => record.command)).toEqual(['whitelist add Steve', 'whitelist add Steve', 'whitelist list'])
    expect(await call(temp.core, 'minecraft.history', { serverId: 'mc-box/paper' })).toEqual(['whitelist add Steve', 'whitelist list'])
  })

  it('refuses an over-long command at the boundary, before RCON sees it', async () => {
    const before = rcon.commands().length
    const reply = await temp.core.dispatch('minecraft.command', { serverId: 'mc-box/paper', command: `say ${'x'.repeat(1443)}` })
    expect(reply).toMatchObject({ ok: false, error: { code: 'bad-input' } })
    expect(rcon.commands()).toHaveLength(before)
  })

  it('says what is missing for commands, control and backups', async () => {
    const fail = async (name: string, input: unknown) => {
      const reply = await temp.core.dispatch(name, input)
      return reply.ok ? undefined : reply.error.message
    }
    expect(await fail('minecraft.command', { serverId: 'mc-box/bare', command: 'list' })).toBe('Mc box › bare has no RCON: add rcon with its port and password to the service in the inventory')
    expect(await fail('minecraft.control', { serverId: 'mc-box/bare', action: 'stop' })).toBe('Mc box › bare has no unit or container in the inventory to stop it with')
    expect(await fail('minecraft.backups', { serverId: 'mc-box/bare' })).toBe('Mc box › bare has no backups folder: set backups (and world) in the inventory')
    expect(await fail('minecraft.openLog', { serverId: 'mc-box/bare' })).toBe('Mc box › bare has no log configured: set log (the log file), unit or container in the inventory')
    expect(await fail('minecraft.status', { serverId: 'mc-box/gone' })).toBe('there is no Minecraft server "mc-box/gone" in the inventory')
  })

  it('keeps each server’s backup schedule', async () => {
    expect(await call(temp.core, 'minecraft.schedule', { serverId: 'mc-box/paper' })).toEqual({ dailyAt: null, keep: 7 })
    expect(await call(temp.core, 'minecraft.setSchedule', { serverId: 'mc-box/paper', schedule: { dailyAt: '04:30', keep: 5 } })).toEqual({ dailyAt: '04:30', keep: 5 })
    expect(await call(temp.core, 'minecraft.schedule', { serverId: 'mc-box/paper' })).toEqual({ dailyAt: '04:30', keep: 5 })
    const bad = await temp.core.dispatch('minecraft.setSchedule', { serverId: 'mc-box/paper', schedule: { dailyAt: '24:00', keep: 5 } })
    expect(bad).toMatchObject({ ok: false, error: { code: 'bad-input' } })
    expect(await call(temp.core, 'minecraft.runs', {})).toEqual([])
  })

  it('follows the inventory: a removed server is gone from every request', async () => {
    const changed = nextEvent(temp.core, 'inventory.changed', () => true)
    await writeFile(temp.inventoryPath, yaml.replace(/ {6}- \{ id: bare.*\n/, ''))
    await call(temp.core, 'inventory.reload', {})
    await changed
    const ids = ((await call(temp.core, 'minecraft.servers', {})) as { id: string }[]).map((server) => server.id)
    expect(ids).toEqual(['mc-box/paper', 'mc-box/unset', 'down/paper'])
    const reply = await temp.core.dispatch('minecraft.history', { serverId: 'mc-box/bare' })
    expect(reply).toMatchObject({ ok: true, value: [] })
    const status = await temp.core.dispatch('minecraft.status', { serverId: 'mc-box/bare' })
    expect(status).toMatchObject({ ok: false, error: { message: 'there is no Minecraft server "mc-box/bare" in the inventory' } })
  })

  it('lets a backup under way send save-on even when its server leaves the inventory meanwhile', async () => {
    const slow = await startRconEmulator({ address: slowAddress, port: rconPort, password, server: createPaperServer({ saveMs: 1000 }) })
    const own = await startTempCore(
      `name: Slow lab
nodes:
  - id: slow-box
    name: Slow box
    host: ${slowAddress}
    services:
      - { id: paper, name: Paper, kind: minecraft, port: ${gamePort}, rcon: { port: ${rconPort}, password: "env:MC_RCON" }, world: /srv/mc/world, backups: /srv/mc/backups }
`,
      'headless',
      { env: { MC_RCON: password } }
    )
    try {
      const started = (await call(own.core, 'minecraft.backup', { serverId: 'slow-box/paper' })) as BackupRun
      const ended = nextEvent(own.core, 'minecraft.backup', (run) => run.runId === started.runId && run.state !== 'running', 30_000)
      await nextEvent(own.core, 'minecraft.backup', (run) => run.runId === started.runId && run.step === 'save-all')
      const changed = nextEvent(own.core, 'inventory.changed', () => true)
      await writeFile(own.inventoryPath, `name: Slow lab\nnodes:\n  - { id: slow-box, name: Slow box, host: ${slowAddress} }\n`)
      await call(own.core, 'inventory.reload', {})
      await changed
      expect(await call(own.core, 'minecraft.servers', {})).toEqual([])
      // No SSH reaches slow-box, so the archive fails; what matters is that saving is on again.
      const run = await ended
      expect(run).toMatchObject({ state: 'failed', step: 'archive' })
      expect(run.error).not.toContain('saving stays off')
      expect(slow.commands().map((record) => record.command)).toEqual(['save-off', 'save-all flush', 'save-on'])
      expect(slow.server.autosave).toBe(true)
    } finally {
      await own.dispose()
      await slow.close()
    }
  })
})
