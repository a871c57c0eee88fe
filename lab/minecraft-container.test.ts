import { spawn } from 'node:child_process'
import { createHash } from 'node:crypto'
import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { gunzipSync } from 'node:zlib'
import { RCON, status } from 'minecraft-server-util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createMinecraftContainer, type MinecraftContainer } from './minecraft-container'
import { prepareMinecraftFolders } from './minecraft-world'
import { canConnect, waitUntil } from './net'
import { offlineUuid } from './paper-server'
import { rconPasswordFor } from './server-properties'

const address = '127.0.1.79'
const ports = { gamePort: 25631, rconPort: 25632 }
const rconPassword = 'container-secret'
let dir: string
let container: MinecraftContainer

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'homelab-mc-container-'))
  await prepareMinecraftFolders(dir)
  container = createMinecraftContainer({ serverDir: dir, address, ...ports, rconPassword, motd: 'Lab §aPaper', maxPlayers: 10, activityMs: 0 })
}, 60_000)

afterAll(async () => {
  await container?.stop()
  if (dir) await rm(dir, { recursive: true, force: true })
}, 60_000)

async function rconReply(command: string): Promise<string> {
  const client = new RCON()
  try {
    await client.connect(address, ports.rconPort, { timeout: 5000 })
    await client.login(rconPassword, { timeout: 5000 })
    return await client.execute(command)
  } finally {
    client.close()
  }
}

describe('the lab’s Minecraft container', () => {
  it('lays out a world of deterministic bytes, player data and an empty backups folder', async () => {
    const world = join(dir, 'world')
    const levelDat = gunzipSync(await readFile(join(world, 'level.dat')))
    // An unnamed root compound (tag 10) holding the "Data" compound.
    expect([...levelDat.subarray(0, 4)]).toEqual([10, 0, 0, 10])
    expect(levelDat.toString('latin1')).toContain('LevelName')
    const regions = (await readdir(join(world, 'region'))).sort()
    expect(regions).toEqual(['r.-1.-1.mca', 'r.-1.0.mca', 'r.0.-1.mca', 'r.0.0.mca'])
    for (const region of regions) expect((await stat(join(world, 'region', region))).size).toBe(1024 * 1024)
    expect((await readdir(join(world, 'playerdata'))).sort()).toEqual([`${offlineUuid('Alex')}.dat`, `${offlineUuid('Steve')}.dat`].sort())
    expect(await readdir(join(dir, 'backups'))).toEqual([])

    const other = await mkdtemp(join(tmpdir(), 'homelab-mc-world-'))
    try {
      await prepareMinecraftFolders(other)
      const digest = async (root: string) => createHash('sha256').update(await readFile(join(root, 'world', 'region', 'r.0.0.mca'))).digest('hex')
      expect(await digest(other)).toBe(await digest(dir))
    } finally {
      await rm(other, { recursive: true, force: true })
    }
  })

  it('starts: the log tells Paper’s start, the game answers pings, RCON answers commands', async () => {
    await container.start()
    expect(container.isRunning()).toBe(true)
    // The log is written as a file stream: its last lines land a moment after start() resolves.
    await waitUntil('the log tells the start is done', async () => (await readFile(container.logPath, 'utf8')).includes('For help, type "help"'))
    const log = await readFile(container.logPath, 'utf8')
    expect(log).toMatch(/^\[\d\d:\d\d:\d\d\] \[ServerMain\/INFO\]: \[bootstrap\] Running Java 21 /)
    expect(log).toContain('[Server thread/INFO]: Starting minecraft server version 1.21.1\n')
    expect(log).toContain(`[Server thread/INFO]: RCON running on ${address}:${ports.rconPort}\n`)
    expect(log).toMatch(/\[Server thread\/INFO\]: Done \(\d+\.\d{3}s\)! For help, type "help"\n$/)
    expect(await readFile(join(dir, 'server.properties'), 'utf8')).toContain(`rcon.password=${rconPassword}\n`)
    // The next lab run finds the password there, unless it is given one.
    expect(await rconPasswordFor(dir)).toBe(rconPassword)
    expect(await rconPasswordFor(dir, 'from-env')).toBe('from-env')
    expect(await rconPasswordFor(join(dir, 'nowhere'))).toMatch(/^[0-9a-f]{24}$/)

    const ping = await status(address, ports.gamePort, { timeout: 5000, enableSRV: false })
    expect(ping).toMatchObject({ version: { name: '1.21.1' }, players: { online: 0, max: 10 } })
    expect(await rconReply('save-off')).toBe('Automatic saving is now disabled')
    expect(await rconReply('whitelist add Steve')).toBe('Added Steve to the whitelist')
  })

  it('stops: both ports refuse and the log ends with Paper’s shutdown', async () => {
    container.paper.setPlayers(['Alex'])
    await container.stop()
    expect(container.isRunning()).toBe(false)
    expect(container.rcon()).toBeUndefined()
    expect(await canConnect(address, ports.rconPort)).toBe(false)
    expect(await canConnect(address, ports.gamePort)).toBe(false)
    const lines = (await readFile(container.logPath, 'utf8')).trim().split('\n')
    const shutdown = lines.slice(lines.findIndex((line) => line.endsWith('Stopping the server'))).map((line) => line.replace(/^\[\d\d:\d\d:\d\d\] \[Server thread\/INFO\]: /, ''))
    expect(shutdown.slice(0, 6)).toEqual(['Stopping the server', 'Stopping server', '[LuckPerms] Disabling LuckPerms v5.4.141', 'Saving players', 'Alex lost connection: Server closed', 'Alex left the game'])
    expect(shutdown.slice(-4)).toEqual(['Thread RCON Listener stopped', 'Flushing Chunk IO', 'Closing Thread Pool', 'Closing Server'])
  })

  it('starts again with a fresh latest.log that `tail -F` follows, autosave back on and the whitelist kept', async () => {
    const tail = spawn('tail', ['-F', '-n', '+1', container.logPath], { stdio: ['ignore', 'pipe', 'pipe'] })
    let followed = ''
    tail.stdout.on('data', (chunk: Buffer) => (followed += chunk.toString()))
    try {
      await waitUntil('tail shows the old log', async () => followed.includes('Closing Server'))
      await container.start()
      await waitUntil('tail follows the new log', async () => followed.includes('For help, type "help"'), { timeoutMs: 10_000 })
      expect(followed.indexOf('Closing Server')).toBeLessThan(followed.lastIndexOf('Starting minecraft server version 1.21.1'))
    } finally {
      tail.kill()
    }
    const logs = await readdir(join(dir, 'logs'))
    expect(logs.filter((name) => /^\d{4}-\d\d-\d\d-1\.log\.gz$/.test(name))).toHaveLength(1)
    expect(await readFile(container.logPath, 'utf8')).not.toContain('Closing Server')
    expect(await rconReply('save-on')).toBe('Saving is already turned on')
    expect(await rconReply('whitelist list')).toBe('There are 1 whitelisted player(s): Steve')
    expect(container.commands().map((record) => record.command)).toEqual(['save-off', 'whitelist add Steve', 'save-on', 'whitelist list'])
  })

  it('goes down by itself on `stop` over RCON: its ports close and whoever watches its exit is told', async () => {
    let exits = 0
    container.onExit(() => (exits += 1))
    expect(await rconReply('stop')).toBe('Stopping the server')
    await waitUntil('the container exited', async () => exits === 1)
    expect(container.isRunning()).toBe(false)
    expect(await canConnect(address, ports.rconPort)).toBe(false)
    expect(await canConnect(address, ports.gamePort)).toBe(false)
    expect(await readFile(container.logPath, 'utf8')).toMatch(/\[Rcon: Stopping the server\]\n[^]*Closing Server\n$/)
  })
})
