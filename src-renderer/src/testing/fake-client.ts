import type { EventName, RequestName } from '../../../src-shared/contract'
import { RequestFailure, type Client } from '../api/client'

type Handler = (input: unknown) => unknown

/** A client whose requests answer from handlers and whose events the test emits; the store under test is real. */
export function fakeClient(handlers: Partial<Record<RequestName, Handler>>) {
  const listeners = new Map<EventName, Set<(payload: unknown) => void>>()
  const calls: { name: RequestName; input: unknown }[] = []
  const client = {
    async request(name: RequestName, input: unknown) {
      calls.push({ name, input })
      const handler = handlers[name]
      if (!handler) throw new RequestFailure(name, { code: 'unknown-request', message: `unknown request ${name}` })
      return handler(input)
    },
    on(name: EventName, listener: (payload: unknown) => void) {
      const set = listeners.get(name) ?? new Set()
      set.add(listener)
      listeners.set(name, set)
      return () => set.delete(listener)
    },
    onConnectionChange: () => () => undefined
  } as unknown as Client
  const emit = (name: EventName, payload: unknown) => listeners.get(name)?.forEach((listener) => listener(payload))
  return { client, calls, emit }
}
