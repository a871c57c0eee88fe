import { once } from 'node:events'
import WebSocket from 'ws'

/** The console's own WebSocket protocol, as the page speaks it. */
export interface ConsoleSocket {
  request(name: string, input: unknown): Promise<unknown>
  /** Calls the listener with every payload of the event, at the moment its frame arrives; returns its removal. */
  on<T>(event: string, listener: (payload: T) => void): () => void
  close(): void
}

export async function connectConsole(url: string): Promise<ConsoleSocket> {
  const page = new URL(url)
  const socket = new WebSocket(`ws://${page.host}/ws?token=${page.searchParams.get('token')}`)
  await once(socket, 'open')
  let nextId = 1
  const replies = new Map<number, { done: (value: unknown) => void; fail: (error: Error) => void }>()
  const listeners = new Map<string, Set<(payload: unknown) => void>>()
  socket.on('message', (raw) => {
    const frame = JSON.parse(raw.toString()) as {
      type: string
      id?: number
      reply?: { ok: boolean; value?: unknown; error?: { message: string } }
      name?: string
      payload?: unknown
    }
    if (frame.type === 'reply') {
      const waiting = replies.get(frame.id!)
      replies.delete(frame.id!)
      if (frame.reply?.ok) waiting?.done(frame.reply.value)
      else waiting?.fail(new Error(frame.reply?.error?.message ?? 'request failed'))
    } else for (const listener of listeners.get(frame.name!) ?? []) listener(frame.payload)
  })
  return {
    request: (name, input) =>
      new Promise((done, fail) => {
        const id = nextId++
        replies.set(id, { done, fail })
        socket.send(JSON.stringify({ type: 'request', id, name, input }))
      }),
    on: (event, listener) => {
      const set = listeners.get(event) ?? new Set()
      set.add(listener as (payload: unknown) => void)
      listeners.set(event, set)
      return () => set.delete(listener as (payload: unknown) => void)
    },
    close: () => socket.close()
  }
}
