import { execFileSync } from 'node:child_process'
import { once } from 'node:events'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { createServer as createHttpServer, type RequestListener, type Server as HttpServer } from 'node:http'
import { createServer as createHttpsServer } from 'node:https'
import { createServer as createNetServer, type AddressInfo, type Server as NetServer, type Socket } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { setTimeout as delay } from 'node:timers/promises'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { startNodeExporter, type NodeExporter } from '../../../../lab/node-exporter'
import { httpGet, ReplyCutError, type HttpReply } from './http-agent'
import { NotHttpError } from './http-reply-parser'

const address = '127.0.1.97'
const exporterPort = 9197
const headers = { 'user-agent': 'HomelabConsole' }
const never = () => new AbortController().signal

/** A server of the test, on a free port, that counts the connections it accepted and closes them all at the end. */
interface Peer {
  readonly url: string
  readonly connections: Socket[]
  close(): Promise<void>
}
const peers: Peer[] = []

async function listen(server: HttpServer | NetServer, scheme: 'http' | 'https' = 'http'): Promise<Peer> {
  const connections: Socket[] = []
  server.on('connection', (socket: Socket) => connections.push(socket))
  server.listen(0, address)
  await once(server, 'listening')
  const peer = {
    url: `${scheme}://${address}:${(server.address() as AddressInfo).port}`,
    connections,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of connections) socket.destroy()
        server.close(() => resolve())
      })
  }
  peers.push(peer)
  return peer
}

function nodeServer(handler: RequestListener, keepAliveTimeoutMs = 5000): Promise<Peer> {
  const server = createHttpServer(handler)
  server.keepAliveTimeout = keepAliveTimeoutMs
  return listen(server)
}

/** A server speaking HTTP by hand: `answer` gets each request's number on its connection and the connection's number. */
function rawServer(answer: (socket: Socket, request: number, connection: number) => void): Promise<Peer> {
  let connections = 0
  const server = createNetServer((socket) => {
    const connection = ++connections
    let requests = 0
    let pending = ''
    socket.on('error', () => undefined)
    socket.on('data', (data) => {
      pending += data.toString('latin1')
      for (let end = pending.indexOf('\r\n\r\n'); end >= 0; end = pending.indexOf('\r\n\r\n')) {
        pending = pending.slice(end + 4)
        answer(socket, ++requests, connection)
      }
    })
  })
  return listen(server)
}

/** Resolves when the connection closes, by a FIN or a reset. */
const closed = (socket: Socket | undefined) => new Promise((resolve) => socket?.once('close', resolve))
const ok = (socket: Socket, body = 'fine') => socket.write(`HTTP/1.1 200 OK\r\nContent-Length: ${body.length}\r\n\r\n${body}`)
const get = (url: string, signal = never(), maxBodyBytes = 1 << 20): Promise<HttpReply> => httpGet(new URL(url), { signal, headers, maxBodyBytes })
const text = (reply: HttpReply) => ({ status: reply.status, body: reply.body.toString('utf8') })

afterEach(async () => {
  for (const peer of peers.splice(0)) await peer.close()
})

describe('httpGet keeping connections alive', () => {
  it('sends successive requests to a server on one connection', async () => {
    const server = await nodeServer((request, response) => response.end(`you asked for ${request.url}`))
    for (const path of ['/a', '/b?c=d', '/e']) expect(text(await get(`${server.url}${path}`))).toEqual({ status: 200, body: `you asked for ${path}` })
    expect(server.connections).toHaveLength(1)
  })

  it('sends a request once more, on a fresh connection, when the server closed the reused one as it came', async () => {
    const server = await rawServer((socket, request) => (request === 1 ? ok(socket) : socket.destroy()))
    expect(text(await get(server.url))).toEqual({ status: 200, body: 'fine' })
    expect(text(await get(server.url))).toEqual({ status: 200, body: 'fine' })
    expect(server.connections).toHaveLength(2)
  })

  it('does not retry a fresh connection, nor more than once: a server that hangs up is reported', async () => {
    const hangsUp = await rawServer((socket) => socket.destroy())
    await expect(get(hangsUp.url)).rejects.toMatchObject({ code: 'ECONNRESET', message: 'socket hang up' })
    expect(hangsUp.connections).toHaveLength(1)

    const answersOnce = await rawServer((socket, request, connection) => (request === 1 && connection === 1 ? ok(socket) : socket.destroy()))
    await get(answersOnce.url)
    await expect(get(answersOnce.url)).rejects.toMatchObject({ code: 'ECONNRESET' })
    expect(answersOnce.connections).toHaveLength(2)
  })

  it('says refused when the server went away after a connection was kept', async () => {
    const server = await nodeServer((_, response) => response.end('up'))
    await get(server.url)
    await server.close()
    await expect(get(server.url)).rejects.toMatchObject({ code: 'ECONNREFUSED' })
  })

  it('follows the server’s Keep-Alive timeout, a second early, and closes idle connections then', async () => {
    const short = await nodeServer((_, response) => response.end('up'), 1000)
    await get(short.url)
    await get(short.url)
    expect(short.connections).toHaveLength(2)

    const server = await nodeServer((_, response) => response.end('up'), 2000)
    await get(server.url)
    const [first] = server.connections
    await get(server.url)
    expect(server.connections).toHaveLength(1)
    await closed(first)
    await get(server.url)
    expect(server.connections).toHaveLength(2)
  })

  it('reads a real node_exporter’s chunked page whole, as fetch does, twice', async () => {
    const exporter: NodeExporter = await startNodeExporter({ nodeId: 'http-agent-test', address, port: exporterPort })
    // The values change between scrapes; the metric on each line does not.
    const metrics = (page: string) => page.split('\n').map((line) => line.split(' ')[0])
    try {
      const reference = metrics(await (await fetch(exporter.url, { signal: AbortSignal.timeout(5000) })).text())
      expect(reference.length).toBeGreaterThan(100)
      for (let scrape = 0; scrape < 2; scrape++) {
        const reply = await get(exporter.url, never(), 16 << 20)
        expect(reply.headers.get('transfer-encoding')).toBe('chunked')
        expect(metrics(reply.body.toString('utf8'))).toEqual(reference)
      }
    } finally {
      await exporter.process.stop()
    }
  }, 20_000)

  it('cuts a body off at the limit and closes that connection', async () => {
    const server = await nodeServer((_, response) => response.end('x'.repeat(3 << 20)))
    const reply = await get(server.url, never(), 1 << 20)
    expect({ truncated: reply.truncated, length: reply.body.length }).toEqual({ truncated: true, length: 1 << 20 })
    await closed(server.connections[0])
  })

  it('tells a reply cut short from one that is not HTTP', async () => {
    const cut = await rawServer((socket) => {
      socket.write('HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n{"status":')
      setTimeout(() => socket.destroy(), 20)
    })
    await expect(get(cut.url)).rejects.toBeInstanceOf(ReplyCutError)
    const ssh = await rawServer((socket) => socket.end('SSH-2.0-OpenSSH_9.2\r\n'))
    await expect(get(ssh.url)).rejects.toBeInstanceOf(NotHttpError)
  })

  it('gives up when aborted, and closes the connection', async () => {
    const hangs = await nodeServer(() => undefined)
    const controller = new AbortController()
    const pending = get(hangs.url, controller.signal)
    await delay(50)
    controller.abort(new Error('timeout'))
    await expect(pending).rejects.toThrow('timeout')
    await closed(hangs.connections[0])
  })
})

describe('httpGet over TLS', () => {
  let dir: string
  let key: Buffer
  let cert: Buffer

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'homelab-http-agent-'))
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2', '-subj', '/CN=localhost', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem')], {
      stdio: 'ignore'
    })
    ;[key, cert] = await Promise.all([readFile(join(dir, 'key.pem')), readFile(join(dir, 'cert.pem'))])
  })

  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true })
  })

  it('checks the server’s certificate as node:https does', async () => {
    const server = await listen(createHttpsServer({ key, cert }, (_, response) => response.end('secret')), 'https')
    await expect(get(server.url)).rejects.toMatchObject({ code: 'DEPTH_ZERO_SELF_SIGNED_CERT' })
  })
})
