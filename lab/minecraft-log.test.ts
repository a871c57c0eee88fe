import { mkdir, mkdtemp, readdir, readFile, rm, utimes, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { gunzipSync } from 'node:zlib'
import { RCON } from 'minecraft-server-util'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { formatLine, latestLogPath, openLatestLog, type LatestLog } from './minecraft-log'
import { waitUntil } from './net'
import { startActivity } from './paper-activity'
import { createPaperServer, type PaperServer } from './paper-server'
import { startRconEmulator } from './rcon'

let dir: string
let server: PaperServer
let log: LatestLog | undefined

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'homelab-mc-log-'))
  server = createPaperServer()
})

afterEach(async () => {
  await log?.close()
  log = undefined
  await rm(dir, { recursive: true, force: true })
})

const readLog = () => readFile(latestLogPath(dir), 'utf8')

/** Waits until latest.log holds `text`, reading it again and again as `tail` would. */
async function logShows(text: string): Promise<string> {
  await waitUntil(`latest.log shows "${text}"`, async () => (await readLog()).includes(text), { timeoutMs: 5000 })
  return readLog()
}

describe('latest.log writer', () => {
  it('formats a line as Paper’s file appender does', () => {
    const at = new Date(2024, 9, 20, 12, 0, 1)
    expect(formatLine({ thread: 'Server thread', level: 'INFO', message: 'Starting minecraft server version 1.21.1' }, at)).toBe(
      '[12:00:01] [Server thread/INFO]: Starting minecraft server version 1.21.1\n'
    )
    expect(formatLine({ thread: 'Server thread', level: 'WARN', message: "Can't keep up!" }, at)).toBe("[12:00:01] [Server thread/WARN]: Can't keep up!\n")
  })

  it('writes what the server logs, § codes and continuation lines included, until closed', async () => {
    log = await openLatestLog(dir, server)
    server.log('Done (3.209s)! For help, type "help"')
    server.log('  §b|    §3|__)   §2LuckPerms §bv5.4.141')
    server.log('[PluginInitializerManager] Bukkit plugins (1):\n - LuckPerms (5.4.141)', { thread: 'ServerMain' })
    const text = await logShows('LuckPerms (5.4.141)')
    expect(text.split('\n').map((line) => line.replace(/^\[\d\d:\d\d:\d\d\] /, ''))).toEqual([
      '[Server thread/INFO]: Done (3.209s)! For help, type "help"',
      '[Server thread/INFO]:   §b|    §3|__)   §2LuckPerms §bv5.4.141',
      '[ServerMain/INFO]: [PluginInitializerManager] Bukkit plugins (1):',
      ' - LuckPerms (5.4.141)',
      ''
    ])
    await log.close()
    server.log('after the stop')
    expect(await readLog()).not.toContain('after the stop')
  })

  it('rolls the previous latest.log into logs/<date>-N.log.gz when it opens', async () => {
    await mkdir(join(dir, 'logs'))
    const path = latestLogPath(dir)
    const lastWrite = new Date(2024, 9, 19, 23, 59)
    await writeFile(path, '[23:59:00] [Server thread/INFO]: Closing Server\n')
    await utimes(path, lastWrite, lastWrite)
    log = await openLatestLog(dir, server)
    await log.close()
    await writeFile(path, 'second run\n')
    await utimes(path, lastWrite, lastWrite)
    log = await openLatestLog(dir, server)
    server.log('third run')
    await logShows('third run')
    expect((await readdir(join(dir, 'logs'))).sort()).toEqual(['2024-10-19-1.log.gz', '2024-10-19-2.log.gz', 'latest.log'])
    expect(gunzipSync(await readFile(join(dir, 'logs', '2024-10-19-1.log.gz'))).toString()).toBe('[23:59:00] [Server thread/INFO]: Closing Server\n')
    expect(gunzipSync(await readFile(join(dir, 'logs', '2024-10-19-2.log.gz'))).toString()).toBe('second run\n')
    expect(await readLog()).not.toContain('second run')
  })

  it('logs a visitor joining, chatting, a lag warning and the visitor leaving, over time', async () => {
    log = await openLatestLog(dir, server)
    const activity = startActivity(server, 50)
    try {
      await logShows('Steve joined the game')
      expect(server.players()).toEqual(['Steve'])
      await logShows('[Async Chat Thread - #0/INFO]: [Not Secure] <Steve> hi')
      await logShows("[Server thread/WARN]: Can't keep up! Is the server overloaded? Running 2143ms or 42 ticks behind")
      const text = await logShows('Steve left the game')
      expect(text).toMatch(/\[User Authenticator #1\/INFO\]: UUID of player Steve is 5627dd98-e6be-3c21-b8a8-e92344183641\n/)
      expect(text).toMatch(/\[Server thread\/INFO\]: Steve\[\/192\.168\.1\.\d+:\d+\] logged in with entity id \d+ at \(\[world\]-?\d+\.5, 64\.0, -?\d+\.5\)\n/)
      expect(text).toContain('[Server thread/INFO]: Steve lost connection: Disconnected\n')
    } finally {
      activity.stop()
    }
  })

  it('logs what RCON commands make Paper log, and each RCON client thread', async () => {
    log = await openLatestLog(dir, server)
    const rcon = await startRconEmulator({ address: '127.0.1.78', port: 25621, password: 'log-secret', server })
    const client = new RCON()
    try {
      await client.connect('127.0.1.78', 25621, { timeout: 5000 })
      await client.login('log-secret', { timeout: 5000 })
      await client.execute('save-off')
      await client.execute('save-all flush')
      await client.execute('say §cServer restarts in 5 minutes')
      const text = await logShows('[Rcon] §cServer restarts in 5 minutes')
      const lines = text.trim().split('\n').map((line) => line.replace(/^\[\d\d:\d\d:\d\d\] /, ''))
      expect(lines).toEqual([
        '[RCON Listener #1/INFO]: Thread RCON Client /127.0.0.1 started',
        '[Server thread/INFO]: [Rcon: Automatic saving is now disabled]',
        '[Server thread/INFO]: [Rcon: Saved the game]',
        '[Server thread/INFO]: [Rcon] §cServer restarts in 5 minutes'
      ])
      client.close()
      await logShows('Thread RCON Client /127.0.0.1 shutting down')
    } finally {
      client.close()
      await rcon.close()
    }
  })
})
