import type { WebSocket, WebSocketServer } from 'ws'
import { ClientFrame, type ServerFrame } from '../../src-shared/contract'
import type { Core } from '../core/create-core'

/**
 * The contract over WebSocket: request frames are parsed as untrusted input and dispatched,
 * replies carry the request's id, and every core event goes to every open socket.
 */
export function bindWebSocket(server: WebSocketServer, core: Pick<Core, 'dispatch' | 'events' | 'rendererGone'>): void {
  let pages = 0
  server.on('connection', (socket) => {
    const caller = `page-${++pages}`
    const unsubscribe = core.events.subscribe((name, payload) => send(socket, { type: 'event', name, payload }))
    socket.on('close', () => {
      unsubscribe()
      core.rendererGone(caller)
    })
    socket.on('error', () => socket.terminate())
    socket.on('message', (data, isBinary) => {
      const frame = isBinary ? undefined : parseFrame(data.toString())
      if (!frame) {
        socket.close(1003, 'frames are JSON request objects of the contract')
        return
      }
      void core.dispatch(frame.name, frame.input, caller).then((reply) => send(socket, { type: 'reply', id: frame.id, reply }))
    })
  })
}

function parseFrame(text: string): ClientFrame | undefined {
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch {
    return undefined
  }
  const frame = ClientFrame.safeParse(json)
  return frame.success ? frame.data : undefined
}

function send(socket: WebSocket, frame: ServerFrame): void {
  if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(frame))
}
