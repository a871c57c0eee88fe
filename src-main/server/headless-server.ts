import { createServer, type IncomingMessage, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { WebSocketServer } from 'ws'
import { tokenParam, websocketPath } from '../../src-shared/contract'
import { contentSecurityPolicy } from '../../src-shared/security'
import type { Core } from '../core/create-core'
import { presentedToken, sessionCookie, tokenMatches } from './access-token'
import { serveStatic } from './static-files'
import { bindWebSocket } from './websocket-binding'

export interface HeadlessServerOptions {
  readonly core: Pick<Core, 'dispatch' | 'events' | 'rendererGone'>
  readonly rendererDir: string
  readonly host: string
  readonly port: number
  readonly token: string
}

export interface HeadlessServer {
  readonly url: string
  close(): Promise<void>
}

const securityHeaders = {
  'Content-Security-Policy': `${contentSecurityPolicy}; frame-ancestors 'none'`,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin'
}

/** Serves the renderer and the contract over WebSocket; nothing answers without the token. */
export async function startHeadlessServer(options: HeadlessServerOptions): Promise<HeadlessServer> {
  const sockets = new WebSocketServer({ noServer: true, maxPayload: 1024 * 1024 })
  bindWebSocket(sockets, options.core)
  let port = options.port

  const http: Server = createServer((request, response) => {
    for (const [name, value] of Object.entries(securityHeaders)) response.setHeader(name, value)
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.writeHead(405).end('Method Not Allowed')
      return
    }
    const presented = presentedToken(request, port)
    if (!tokenMatches(options.token, presented)) {
      response.writeHead(401, { 'Content-Type': 'text/plain' }).end('Unauthorized: open the URL the console printed')
      return
    }
    response.setHeader('Set-Cookie', sessionCookie(port, options.token))
    const { pathname } = new URL(request.url ?? '/', 'http://localhost')
    serveStatic(options.rendererDir, pathname, response).catch(() => {
      if (!response.headersSent) response.writeHead(500)
      response.end()
    })
  })

  http.on('upgrade', (request, socket, head) => {
    const { pathname } = new URL(request.url ?? '/', 'http://localhost')
    if (pathname !== websocketPath || !tokenMatches(options.token, presentedToken(request, port)) || !sameOrigin(request)) {
      socket.end('HTTP/1.1 401 Unauthorized\r\nConnection: close\r\n\r\n')
      return
    }
    sockets.handleUpgrade(request, socket, head, (ws) => sockets.emit('connection', ws, request))
  })

  await new Promise<void>((resolve, reject) => {
    http.once('error', reject)
    http.listen(options.port, options.host, () => resolve())
  })
  port = (http.address() as AddressInfo).port
  const shownHost = options.host.includes(':') ? `[${options.host}]` : options.host

  return {
    url: `http://${shownHost}:${port}/?${tokenParam}=${options.token}`,
    close: () =>
      new Promise((resolve) => {
        for (const client of sockets.clients) client.terminate()
        sockets.close()
        http.closeAllConnections()
        http.close(() => resolve())
      })
  }
}

/** A browser page from another site must not drive the console with the user's cookie. */
function sameOrigin(request: IncomingMessage): boolean {
  const origin = request.headers.origin
  if (origin === undefined) return true
  try {
    return new URL(origin).host === request.headers.host
  } catch {
    return false
  }
}
