import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { Socket } from 'node:net'

/**
 * The HTTP server under an emulator: every connection tracked so close() cuts them all, as a
 * killed process would, and a handler that throws drops its connection instead of the process.
 */

/** How an emulated server's connections misbehave: none | never answer | destroyed on arrival. */
export type ConnectionFault = 'none' | 'hang' | 'drop'

export interface EmulatorServer {
  readonly server: Server
  close(): Promise<void>
}

export async function listenEmulator(
  what: string,
  host: string,
  port: number,
  handler: (request: IncomingMessage, response: ServerResponse) => void | Promise<void>
): Promise<EmulatorServer> {
  const sockets = new Set<Socket>()
  const server = createServer((request, response) => {
    Promise.resolve()
      .then(() => handler(request, response))
      .catch(() => request.socket.destroy())
  })
  server.on('connection', (socket) => {
    sockets.add(socket)
    socket.once('close', () => sockets.delete(socket))
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error) => reject(new Error(`${what} on ${host}:${port}: ${error.message}`)))
    server.listen(port, host, resolve)
  })
  return {
    server,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy()
        server.close(() => resolve())
      })
  }
}

/** Applies a connection fault; true when the request is left to it. */
export function connectionFaulted(fault: ConnectionFault, request: IncomingMessage): boolean {
  if (fault === 'drop') request.socket.destroy()
  return fault !== 'none'
}
