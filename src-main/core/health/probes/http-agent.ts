import { isIP, connect as netConnect, type Socket } from 'node:net'
import { connect as tlsConnect, type TLSSocket } from 'node:tls'
import { HttpReplyParser, type ReplyHead } from './http-reply-parser'

/**
 * Probes keep their connections open between runs, as Prometheus does: a new TCP (and TLS)
 * connection per check costs the console and the server far more than the request itself.
 * An idle connection is closed after 4 s, before the 5 s after which Node servers (and others
 * with short keep-alive timeouts) close it themselves; a shorter `Keep-Alive: timeout=` from the
 * server wins. Connections are not capped per server: a hanging endpoint must not make another
 * check of the same server wait for a connection and time out in its place.
 *
 * A GET of our own rather than node:http's: the poller sends small GETs one at a time, and
 * node:http's request, reply and stream objects cost several times this client's CPU per
 * request; with them the poller spent more CPU per probe than Prometheus (bench/poller.ts).
 */
const idleTimeoutMs = 4000
const maxIdlePerServer = 4

export interface HttpGetOptions {
  readonly signal: AbortSignal
  readonly headers: Readonly<Record<string, string>>
  /** Body bytes kept; past them the reply is cut off, `truncated`, and its connection closed. */
  readonly maxBodyBytes: number
}

export interface HttpReply {
  readonly status: number
  readonly headers: ReadonlyMap<string, string>
  readonly body: Buffer
  readonly truncated: boolean
  /** The server certificate's expiry, for https. */
  readonly certificateValidTo?: string
}

/** The connection closed or broke after the reply's head, before its end. */
export class ReplyCutError extends Error {
  readonly code = 'ERR_REPLY_CUT'
}

/**
 * GETs `url` on a kept-alive connection. A request that fails on a reused connection before any
 * byte of reply (the server closed it while idle, the race every keep-alive client has) is sent
 * once more on a fresh connection, so a server that merely dropped an idle connection is not
 * reported down; a server that is down fails again there. Rejects with the socket's error (its
 * `code` says which: ECONNREFUSED …), a NotHttpError, a ReplyCutError, or the abort.
 */
export async function httpGet(url: URL, options: HttpGetOptions): Promise<HttpReply> {
  const server = serverOf(url)
  const request = requestText(url, options.headers)
  const reused = takeIdle(server.key)
  if (reused) {
    try {
      return await exchange(reused, true, server, request, options)
    } catch (error) {
      if (!(error instanceof StaleConnection)) throw error
      if (options.signal.aborted) throw error.cause
    }
  }
  return exchange(open(server), false, server, request, options)
}

interface Server {
  readonly key: string
  readonly host: string
  readonly port: number
  readonly tls: boolean
}

/** The error of a request that failed on a reused connection before any reply. */
class StaleConnection extends Error {
  constructor(override readonly cause: Error) {
    super(cause.message)
  }
}

function serverOf(url: URL): Server {
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error(`${url.protocol} is not http or https`)
  const tls = url.protocol === 'https:'
  // An IPv6 address comes in brackets.
  const host = url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname
  const port = url.port === '' ? (tls ? 443 : 80) : Number(url.port)
  return { key: `${url.protocol}//${host}:${port}`, host, port, tls }
}

function requestText(url: URL, headers: Readonly<Record<string, string>>): string {
  let text = `GET ${url.pathname}${url.search} HTTP/1.1\r\nHost: ${url.host}\r\n`
  if (url.username !== '' || url.password !== '') {
    const credentials = `${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`
    text += `Authorization: Basic ${Buffer.from(credentials).toString('base64')}\r\n`
  }
  for (const [name, value] of Object.entries(headers)) {
    if (/[\r\n]/.test(value)) throw new Error(`the ${name} header holds a line break`)
    text += `${name}: ${value}\r\n`
  }
  return `${text}\r\n`
}

function open(server: Server): Socket {
  const socket = server.tls
    ? // SNI names the host, as browsers do, so a server with several sites picks the right certificate.
      tlsConnect({ host: server.host, port: server.port, ...(isIP(server.host) === 0 && { servername: server.host }) })
    : netConnect({ host: server.host, port: server.port })
  serverKeys.set(socket, server.key)
  return socket
}

function exchange(socket: Socket, reused: boolean, server: Server, request: string, options: HttpGetOptions): Promise<HttpReply> {
  const { signal, maxBodyBytes } = options
  return new Promise((resolve, reject) => {
    const parser = new HttpReplyParser(maxBodyBytes)
    let answered = false
    const settle = (error: Error | undefined) => {
      socket.off('data', onData)
      socket.off('error', onError)
      socket.off('close', onClose)
      signal.removeEventListener('abort', onAbort)
      if (error) {
        discard(socket)
        reject(error)
        return
      }
      const head = parser.head!
      const validTo = (socket as Partial<TLSSocket>).getPeerCertificate?.().valid_to
      resolve({ status: head.status, headers: head.headers, body: parser.body(), truncated: parser.truncated, ...(validTo && { certificateValidTo: validTo }) })
      if (parser.reusable()) release(socket, server.key, idleTimeoutFor(head))
      else discard(socket)
    }
    const onData = (chunk: Buffer) => {
      answered = true
      try {
        parser.push(chunk)
      } catch (error) {
        settle(error as Error)
        return
      }
      if (parser.complete || parser.truncated) settle(undefined)
    }
    const onError = (error: NodeJS.ErrnoException) => {
      if (parser.head) settle(new ReplyCutError(`the reply was cut off: ${error.message}`))
      else if (reused && !answered && (error.code === 'ECONNRESET' || error.code === 'EPIPE')) settle(new StaleConnection(error))
      else settle(error)
    }
    const onClose = () => {
      parser.end()
      if (parser.complete) settle(undefined)
      else if (parser.head) settle(new ReplyCutError('the reply was cut off'))
      else settle(reused && !answered ? new StaleConnection(hangUp()) : hangUp())
    }
    const onAbort = () => settle(signal.reason instanceof Error ? signal.reason : new Error('aborted'))
    if (signal.aborted) return onAbort()
    socket.on('data', onData)
    socket.on('error', onError)
    socket.on('close', onClose)
    signal.addEventListener('abort', onAbort, { once: true })
    socket.write(request)
  })
}

/** What node:http says when a server closes without a reply. */
function hangUp(): NodeJS.ErrnoException {
  return Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' })
}

function idleTimeoutFor(head: ReplyHead): number {
  // As node:http does, leave a second's margin before the server's own keep-alive timeout.
  const hint = /(?:^|[,;\s])timeout=(\d+)/i.exec(head.headers.get('keep-alive') ?? '')
  return hint ? Math.min(idleTimeoutMs, Number(hint[1]) * 1000 - 1000) : idleTimeoutMs
}

/** Idle connections per server, the most recently used last. */
const idle = new Map<string, Socket[]>()
const serverKeys = new WeakMap<Socket, string>()

function release(socket: Socket, key: string, timeoutMs: number): void {
  if (timeoutMs <= 0 || socket.destroyed) return discard(socket)
  let sockets = idle.get(key)
  if (!sockets) idle.set(key, (sockets = []))
  sockets.push(socket)
  if (sockets.length > maxIdlePerServer) discard(sockets.shift()!)
  socket.on('close', onIdleClose)
  socket.on('error', ignore)
  // Bytes nobody asked for, or an idle connection kept long enough: close it.
  socket.on('data', onIdleEnd)
  socket.on('timeout', onIdleEnd)
  socket.setTimeout(timeoutMs)
  socket.unref()
}

function takeIdle(key: string): Socket | undefined {
  const sockets = idle.get(key)
  for (let socket = sockets?.pop(); socket; socket = sockets?.pop()) {
    socket.off('close', onIdleClose)
    socket.off('error', ignore)
    socket.off('data', onIdleEnd)
    socket.off('timeout', onIdleEnd)
    socket.setTimeout(0)
    if (socket.destroyed) continue
    socket.ref()
    return socket
  }
  idle.delete(key)
  return undefined
}

function onIdleClose(this: Socket): void {
  const key = serverKeys.get(this)
  const sockets = key === undefined ? undefined : idle.get(key)
  const index = sockets?.indexOf(this) ?? -1
  if (index >= 0) sockets!.splice(index, 1)
  if (key !== undefined && sockets?.length === 0) idle.delete(key)
}

function onIdleEnd(this: Socket): void {
  this.destroy()
}

function discard(socket: Socket): void {
  socket.on('error', ignore)
  socket.destroy()
}

function ignore(): void {}
