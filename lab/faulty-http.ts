import { createServer, type Server } from 'node:http'
import type { Socket } from 'node:net'

/** How the service misbehaves; switched at run time, as a failing real service would. */
export type HttpFault = 'none' | 'hang' | '503' | 'slow' | 'garbage' | 'drop'

export interface FaultyHttpService {
  readonly url: string
  fault: HttpFault
  close(): Promise<void>
}

/**
 * A /health endpoint with fault switches: answers `{"status":"ok"}`, never answers, answers 503,
 * answers after 2 s, answers bytes that are not HTTP, or drops the connection mid-reply.
 */
export async function startFaultyHttp(host: string, port: number): Promise<FaultyHttpService> {
  const sockets = new Set<Socket>()
  const service = { fault: 'none' as HttpFault }
  const server: Server = createServer((request, response) => {
    switch (service.fault) {
      case 'hang':
        return
      case '503':
        response.writeHead(503, { 'content-type': 'text/plain' }).end('maintenance')
        return
      case 'garbage':
        request.socket.end('\x00\x01 this is not http\r\n\r\n')
        return
      case 'drop':
        response.writeHead(200, { 'content-type': 'application/json', 'content-length': '100' })
        response.write('{"status":')
        setTimeout(() => request.socket.destroy(), 20)
        return
      case 'slow':
        setTimeout(() => response.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"ok"}'), 2000)
        return
      case 'none':
        response.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"ok","checks":[{"ok":true}]}')
    }
  })
  server.on('connection', (socket) => {
    sockets.add(socket)
    socket.once('close', () => sockets.delete(socket))
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error) => reject(new Error(`faulty http on ${host}:${port}: ${error.message}`)))
    server.listen(port, host, resolve)
  })
  return Object.assign(service, {
    url: `http://${host}:${port}/health`,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy()
        server.close(() => resolve())
      })
  })
}
