import { once } from 'node:events'
import { createServer, type Server, type Socket } from 'node:net'
import { createClient, type Client } from 'minecraft-protocol'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startMinecraft, type MinecraftServer } from '../../../../lab/minecraft'
import { waitUntil } from '../../../../lab/net'
import type { ProbeResult } from '../probe'
import { minecraftProbe } from './minecraft-probe'

const address = '127.0.1.61'
const serverPort = 25565
const garbagePort = 25566
const silentPort = 25567
const closedPort = 25569
const version = '1.16.5'

let minecraft: MinecraftServer
let garbage: Server
let silent: Server
const clients: Client[] = []

beforeAll(async () => {
  minecraft = await startMinecraft({ address, port: serverPort, motd: 'Lab §aPaper', maxPlayers: 20, version })
  garbage = await listen(garbagePort, (socket) =>
    socket.once('data', () => socket.end('HTTP/1.1 400 Bad Request\r\nContent-Type: text/plain; charset=utf-8\r\nConnection: close\r\n\r\n400 Bad Request'))
  )
  silent = await listen(silentPort, (socket) => socket.resume())
}, 30_000)

afterAll(async () => {
  for (const client of clients) client.end()
  await minecraft?.close()
  for (const server of [garbage, silent]) if (server) await new Promise((resolve) => server.close(resolve))
})

async function listen(port: number, onSocket: (socket: Socket) => void): Promise<Server> {
  const server = createServer(onSocket)
  server.listen(port, address)
  await once(server, 'listening')
  return server
}

/** Runs the probe the way the scheduler does: aborted at its timeout. */
function check(port: number, timeoutMs = 2000): Promise<ProbeResult> {
  const probe = minecraftProbe({ id: 'minecraft', host: address, port, intervalMs: 10_000, timeoutMs })
  const controller = new AbortController()
  const timer = setTimeout(() => controller.abort(new Error('timeout')), timeoutMs)
  return probe.run(controller.signal).finally(() => clearTimeout(timer))
}

async function join(username: string): Promise<void> {
  const client = createClient({ host: address, port: serverPort, username, auth: 'offline', version })
  clients.push(client)
  await new Promise((resolve, reject) => {
    client.once('login', resolve)
    client.once('error', reject)
  })
}

function playersFact(result: ProbeResult): string | undefined {
  return result.facts?.find((fact) => fact.label === 'players')?.value
}

describe('the minecraft probe', () => {
  it('finds a real server up, with its version, players and MOTD without colour codes', async () => {
    const result = await check(serverPort)
    expect(result).toMatchObject({
      status: 'up',
      samples: { players: 0 },
      facts: [
        { label: 'version', value: version },
        { label: 'players', value: '0 / 20' },
        { label: 'motd', value: 'Lab Paper' }
      ]
    })
    expect(result.latencyMs).toBeGreaterThan(0)
    expect(result.samples?.['latency']).toBe(result.latencyMs)
  })

  it('names the players who joined', async () => {
    await join('alice')
    await join('bob')
    await waitUntil('both players listed', async () => playersFact(await check(serverPort)) === '2 / 20: alice, bob')
    expect(await check(serverPort)).toMatchObject({ status: 'up', samples: { players: 2 } })
  }, 30_000)

  it('counts the players the server does not name', async () => {
    await minecraft.setSampleSize(1)
    try {
      expect(playersFact(await check(serverPort))).toBe('2 / 20: alice and 1 more')
    } finally {
      await minecraft.setSampleSize(12)
    }
  })

  it('says "not a Minecraft server" when an HTTP server answers', async () => {
    expect(await check(garbagePort)).toEqual({ status: 'down', reason: 'not a Minecraft server' })
  })

  it('says "refused" when nothing listens', async () => {
    expect(await check(closedPort)).toEqual({ status: 'down', reason: 'refused' })
  })

  it('says "timeout" when the server never answers', async () => {
    expect(await check(silentPort, 300)).toEqual({ status: 'down', reason: 'timeout' })
  })

  it('stops at once when aborted, and its socket closes at the probe’s timeout', async () => {
    let opened = 0
    const counted = () => (opened += 1)
    silent.on('connection', counted)
    try {
      const controller = new AbortController()
      const run = minecraftProbe({ id: 'minecraft', host: address, port: silentPort, intervalMs: 10_000, timeoutMs: 300 }).run(controller.signal)
      controller.abort(new Error('removed'))
      expect(await run).toEqual({ status: 'down', reason: 'timeout' })
      const openConnections = () => new Promise<number>((resolve) => silent.getConnections((_error, count) => resolve(count)))
      // The library's default timer is 5 s: closing well before that shows the probe's timeout reached it.
      await waitUntil('the abandoned ping socket closes', async () => opened === 1 && (await openConnections()) === 0, { timeoutMs: 3000 })
    } finally {
      silent.off('connection', counted)
    }
  })
})
