import {
  ServerFrame,
  isEventName,
  type ClientFrame,
  type EventName,
  type Reply
} from '../../../src-shared/contract'
import type { ConnectionState, Transport } from './transport'

export interface WebSocketTransportOptions {
  readonly url: string
  /** Browsers have one; tests pass the `ws` package's. */
  readonly WebSocket?: typeof globalThis.WebSocket
  readonly requestTimeoutMs?: number
}

interface Pending {
  readonly resolve: (reply: Reply) => void
  readonly timer: ReturnType<typeof setTimeout>
}

const maxBackoffMs = 5000

/**
 * Headless mode: the contract over one WebSocket that reconnects with backoff. A request made
 * while the socket is down waits for it; every request gets a reply value within its timeout.
 */
export function createWebSocketTransport(options: WebSocketTransportOptions): Transport & { close(): void } {
  const Socket = options.WebSocket ?? globalThis.WebSocket
  const timeoutMs = options.requestTimeoutMs ?? 30_000
  const pending = new Map<number, Pending>()
  const eventListeners = new Set<(name: EventName, payload: unknown) => void>()
  const stateListeners = new Set<(state: ConnectionState) => void>()
  /** Frames waiting for the socket to open, by request id, so a timed-out request is never sent late. */
  const queue = new Map<number, string>()
  let state: ConnectionState = 'connecting'
  let socket: WebSocket | undefined
  let nextId = 1
  let attempts = 0
  let closed = false
  let retryTimer: ReturnType<typeof setTimeout> | undefined

  const setState = (next: ConnectionState) => {
    state = next
    for (const listener of stateListeners) listener(next)
  }

  const connect = () => {
    const current = new Socket(options.url)
    socket = current
    current.onopen = () => {
      attempts = 0
      setState('open')
      for (const frame of queue.values()) current.send(frame)
      queue.clear()
    }
    current.onmessage = (message) => {
      if (typeof message.data === 'string') receive(message.data)
    }
    current.onclose = () => {
      failPending('the connection to the console was lost; try again')
      if (closed) return
      setState('reconnecting')
      const delay = Math.min(maxBackoffMs, 250 * 2 ** attempts++)
      retryTimer = setTimeout(connect, delay)
    }
  }

  const failPending = (message: string) => {
    for (const [id, waiting] of pending) {
      clearTimeout(waiting.timer)
      waiting.resolve({ ok: false, error: { code: 'disconnected', message } })
      pending.delete(id)
    }
  }

  const receive = (text: string) => {
    let frame: ServerFrame
    try {
      frame = ServerFrame.parse(JSON.parse(text))
    } catch {
      return
    }
    if (frame.type === 'event') {
      if (isEventName(frame.name)) for (const listener of eventListeners) listener(frame.name, frame.payload)
      return
    }
    const waiting = pending.get(frame.id)
    if (!waiting) return
    pending.delete(frame.id)
    clearTimeout(waiting.timer)
    waiting.resolve(frame.reply)
  }

  connect()

  return {
    invoke: (name, input) =>
      new Promise<Reply>((resolve) => {
        const id = nextId++
        const timer = setTimeout(() => {
          pending.delete(id)
          queue.delete(id)
          resolve({ ok: false, error: { code: 'disconnected', message: `no answer from the console within ${timeoutMs / 1000} s (${name})` } })
        }, timeoutMs)
        pending.set(id, { resolve, timer })
        const frame: ClientFrame = { type: 'request', id, name, input }
        const text = JSON.stringify(frame)
        if (state === 'open' && socket?.readyState === Socket.OPEN) socket.send(text)
        else queue.set(id, text)
      }),
    subscribe: (listener) => {
      eventListeners.add(listener)
      return () => eventListeners.delete(listener)
    },
    onConnectionChange: (listener) => {
      stateListeners.add(listener)
      listener(state)
      return () => stateListeners.delete(listener)
    },
    close: () => {
      closed = true
      clearTimeout(retryTimer)
      socket?.close()
    }
  }
}
