import { request as httpRequest } from 'node:http'
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import { ServerFrame, websocketPath } from '../../src-shared/contract'
import { contentSecurityPolicy } from '../../src-shared/security'
import { startTempCore, type TempCore } from '../testing/temp-core'
import { cookieName } from './access-token'
import { startHeadlessServer, type HeadlessServer } from './headless-server'

const token = 'test-token-0123456789abcdef'
const indexHtml = '<!doctype html><html><head><title>Homelab Console</title></head><body><div id="root"></div></body></html>\n'
const appJs = 'console.log("the renderer")\n'

let temp: TempCore
let outerDir: string
let rendererDir: string
let server: HeadlessServer
let origin: string
let port: number

beforeAll(async () => {
  temp = await startTempCore()
  outerDir = await mkdtemp(join(tmpdir(), 'homelab-renderer-'))
  rendererDir = join(outerDir, 'renderer')
  await mkdir(join(rendererDir, 'assets'), { recursive: true })
  // Files next to the renderer folder, that a path with ".." would reach.
  await writeFile(join(outerDir, 'secret.txt'), 'root:sibling secret\n')
  await mkdir(join(outerDir, 'renderer-private'))
  await writeFile(join(outerDir, 'renderer-private', 'secret.txt'), 'root:prefix sibling secret\n')
  await writeFile(join(rendererDir, 'index.html'), indexHtml)
  await writeFile(join(rendererDir, 'assets', 'app.js'), appJs)
  server = await startHeadlessServer({ core: temp.core, rendererDir, host: '127.0.0.1', port: 0, token })
  const url = new URL(server.url)
  origin = url.origin
  port = Number(url.port)
})

afterAll(async () => {
  await server?.close()
  await temp?.dispose()
  await rm(outerDir, { recursive: true, force: true })
})

function get(path: string, init: RequestInit = {}): Promise<Response> {
  return fetch(`${origin}${path}`, { ...init, signal: AbortSignal.timeout(5000) })
}

const cookie = () => `${cookieName(port)}=${token}`

/** Sends the path exactly as written: fetch would resolve the dot segments before sending. */
function rawGet(path: string): Promise<{ status: number; body: string; headers: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const request = httpRequest({ host: '127.0.0.1', port, path, method: 'GET', headers: { cookie: cookie() }, timeout: 5000 }, (response) => {
      let body = ''
      response.setEncoding('utf8')
      response.on('data', (chunk: string) => (body += chunk))
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body, headers: response.headers }))
      response.on('error', reject)
    })
    request.on('timeout', () => request.destroy(new Error('timed out')))
    request.on('error', reject)
    request.end()
  })
}

interface SocketOptions {
  readonly token?: string
  readonly origin?: string
  readonly path?: string
}

function socketUrl({ token: presented, path = websocketPath }: SocketOptions): string {
  return `ws://127.0.0.1:${port}${path}${presented === undefined ? '' : `?token=${encodeURIComponent(presented)}`}`
}

/** An open socket, or a rejection naming the status the handshake was refused with. */
function connect(options: SocketOptions = { token }): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(socketUrl(options), {
      handshakeTimeout: 5000,
      ...(options.origin === undefined ? {} : { origin: options.origin })
    })
    socket.once('open', () => resolve(socket))
    socket.once('unexpected-response', (_request, response) => {
      reject(new Error(`handshake refused with ${response.statusCode}`))
      // Aborting a handshake reports an error too; the refusal above is the result.
      socket.on('error', () => {})
      socket.terminate()
    })
    socket.once('error', reject)
  })
}

function nextFrame(socket: WebSocket, accept: (frame: ServerFrame) => boolean = () => true): Promise<ServerFrame> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      socket.off('message', onMessage)
      reject(new Error('no frame within 5000 ms'))
    }, 5000)
    const onMessage = (data: WebSocket.RawData) => {
      const frame = ServerFrame.parse(JSON.parse(data.toString()))
      if (!accept(frame)) return
      clearTimeout(timer)
      socket.off('message', onMessage)
      resolve(frame)
    }
    socket.on('message', onMessage)
  })
}

function closed(socket: WebSocket): Promise<{ code: number; reason: string }> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('socket still open after 5000 ms')), 5000)
    socket.once('close', (code, reason) => {
      clearTimeout(timer)
      resolve({ code, reason: reason.toString() })
    })
  })
}

async function requestAppInfo(socket: WebSocket, id: number): Promise<ServerFrame> {
  const reply = nextFrame(socket, (frame) => frame.type === 'reply' && frame.id === id)
  socket.send(JSON.stringify({ type: 'request', id, name: 'app.info', input: {} }))
  return reply
}

describe('startHeadlessServer over HTTP', () => {
  it('listens on the host and port it was given and prints a URL carrying the token', () => {
    expect(server.url).toBe(`http://127.0.0.1:${port}/?token=${token}`)
    expect(port).toBeGreaterThan(0)
  })

  it('answers 401 to a request without the token', async () => {
    const response = await get('/')
    expect(response.status).toBe(401)
    expect(await response.text()).not.toContain('Homelab Console</title>')
    expect(response.headers.get('set-cookie')).toBeNull()
  })

  it('serves the page for the token, with a strict session cookie and the security headers', async () => {
    const response = await get(`/?token=${token}`)
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toMatch(/^text\/html/)
    expect(await response.text()).toBe(indexHtml)
    const setCookie = response.headers.get('set-cookie') ?? ''
    expect(setCookie).toContain(`${cookieName(port)}=${token}`)
    expect(setCookie).toContain('HttpOnly')
    expect(setCookie).toContain('SameSite=Strict')
    expect(response.headers.get('content-security-policy')).toContain(contentSecurityPolicy)
    expect(response.headers.get('content-security-policy')).toContain("frame-ancestors 'none'")
    expect(response.headers.get('x-content-type-options')).toBe('nosniff')
  })

  it('lets the session cookie alone authorise an asset, served as JavaScript', async () => {
    const response = await get('/assets/app.js', { headers: { cookie: cookie() } })
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toMatch(/^text\/javascript/)
    expect(await response.text()).toBe(appJs)
  })

  it('refuses a wrong token of the same length and of another length', async () => {
    const sameLength = token.replace(/.$/, (last) => (last === 'x' ? 'y' : 'x'))
    expect(sameLength).toHaveLength(token.length)
    for (const wrong of [sameLength, 'short', `${token}extra`]) {
      expect((await get(`/?token=${encodeURIComponent(wrong)}`)).status).toBe(401)
      expect((await get('/assets/app.js', { headers: { cookie: `${cookieName(port)}=${wrong}` } })).status).toBe(401)
    }
  })

  it('ignores a cookie issued for another port', async () => {
    const response = await get('/', { headers: { cookie: `${cookieName(port + 1)}=${token}` } })
    expect(response.status).toBe(401)
  })

  it('answers 405 to a POST, even with the token', async () => {
    const response = await get(`/?token=${token}`, { method: 'POST', body: 'x' })
    expect(response.status).toBe(405)
  })

  it('never serves a file outside the renderer folder', async () => {
    const paths = [
      '/../../etc/passwd',
      '/%2e%2e/%2e%2e/etc/passwd',
      '/..%2f..%2fetc%2fpasswd',
      '/assets/..%2f..%2f..%2f..%2fetc%2fpasswd',
      '/..%5c..%5cetc%5cpasswd',
      '/../secret.txt',
      '/..%2fsecret.txt',
      '/assets/..%2f..%2fsecret.txt',
      '/..%2frenderer-private%2fsecret.txt'
    ]
    for (const path of paths) {
      const { status, body } = await rawGet(path)
      expect(body, path).not.toContain('root:')
      if (status === 200) expect(body, path).toBe(indexHtml)
      else expect([400, 403, 404], path).toContain(status)
    }
  })

  it('answers 400 to a bad percent-encoding', async () => {
    const { status, body, headers } = await rawGet('/%E0%A4%A')
    expect(status).toBe(400)
    expect(body).toBe('Bad Request')
    expect(headers['x-content-type-options']).toBe('nosniff')
  })

  it('falls back to index.html for unknown paths, so client routes survive a reload', async () => {
    const response = await get('/topology/node/alpha', { headers: { cookie: cookie() } })
    expect(response.status).toBe(200)
    expect(await response.text()).toBe(indexHtml)
  })
})

describe('startHeadlessServer over WebSocket', () => {
  it('refuses a socket without the token', async () => {
    await expect(connect({})).rejects.toThrow(/401/)
  })

  it('refuses a socket with a wrong token', async () => {
    await expect(connect({ token: 'not-the-token' })).rejects.toThrow(/401/)
  })

  it('refuses a socket from another origin, even with the token', async () => {
    await expect(connect({ token, origin: 'http://evil.example' })).rejects.toThrow(/401/)
  })

  it('refuses a socket on another path, even with the token', async () => {
    await expect(connect({ token, path: '/other' })).rejects.toThrow(/401/)
  })

  it('accepts the token from its own origin and answers a request with a reply of the same id', async () => {
    const socket = await connect({ token, origin })
    try {
      const frame = await requestAppInfo(socket, 1)
      expect(frame).toMatchObject({
        type: 'reply',
        id: 1,
        reply: { ok: true, value: { name: 'Homelab Console', version: '0.0.0-test', mode: 'headless', dataDir: temp.dataDir } }
      })
    } finally {
      socket.close()
    }
  })

  it('replies with a failure, not a closed socket, to a request the contract does not know', async () => {
    const socket = await connect()
    try {
      const reply = nextFrame(socket, (frame) => frame.type === 'reply' && frame.id === 7)
      socket.send(JSON.stringify({ type: 'request', id: 7, name: 'no.such.request', input: {} }))
      expect(await reply).toMatchObject({ reply: { ok: false, error: { code: 'unknown-request' } } })
    } finally {
      socket.close()
    }
  })

  it('closes with 1003 on a frame that is not JSON, and keeps serving other sockets', async () => {
    const other = await connect()
    const bad = await connect()
    try {
      const closing = closed(bad)
      bad.send('this is not json')
      expect((await closing).code).toBe(1003)
      expect(await requestAppInfo(other, 2)).toMatchObject({ id: 2, reply: { ok: true } })
    } finally {
      other.close()
    }
  })

  it('closes with 1003 on JSON that is not a request frame', async () => {
    for (const frame of [{ type: 'request', id: -1, name: 'app.info', input: {} }, { type: 'reply', id: 1 }, [1, 2, 3]]) {
      const bad = await connect()
      const closing = closed(bad)
      bad.send(JSON.stringify(frame))
      expect((await closing).code, JSON.stringify(frame)).toBe(1003)
    }
    const fresh = await connect()
    try {
      expect(await requestAppInfo(fresh, 3)).toMatchObject({ id: 3, reply: { ok: true } })
    } finally {
      fresh.close()
    }
  })
})

describe('HeadlessServer.close', () => {
  it('resolves and closes the sockets that are still open', async () => {
    const own = await startHeadlessServer({ core: temp.core, rendererDir, host: '127.0.0.1', port: 0, token })
    const ownUrl = new URL(own.url)
    const socket = new WebSocket(`ws://${ownUrl.host}${websocketPath}?token=${token}`, { handshakeTimeout: 5000 })
    await new Promise((resolve, reject) => {
      socket.once('open', resolve)
      socket.once('error', reject)
    })
    const closing = closed(socket)
    await own.close()
    await closing
    expect(socket.readyState).toBe(WebSocket.CLOSED)
    await expect(fetch(`${ownUrl.origin}/?token=${token}`, { signal: AbortSignal.timeout(5000) })).rejects.toThrow()
  })
})
