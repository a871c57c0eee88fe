import {
  events,
  requests,
  type EventName,
  type EventPayload,
  type RequestError,
  type RequestInput,
  type RequestName,
  type RequestOutput
} from '../../../src-shared/contract'
import type { ConnectionState, Transport } from './transport'

/** A failed request, with what the core said went wrong. */
export class RequestFailure extends Error {
  constructor(
    readonly request: RequestName,
    readonly detail: RequestError
  ) {
    super(detail.message)
    this.name = 'RequestFailure'
  }
}

export interface Client {
  request<N extends RequestName>(name: N, input: RequestInput<N>): Promise<RequestOutput<N>>
  on<N extends EventName>(name: N, listener: (payload: EventPayload<N>) => void): () => void
  onConnectionChange(listener: (state: ConnectionState) => void): () => void
}

/**
 * The typed face of the contract for the renderer. Replies and events are parsed like any
 * other input from another process: a malformed one is an error, never a wrong screen.
 */
export function createClient(transport: Transport): Client {
  return {
    async request(name, input) {
      const reply = await transport.invoke(name, input)
      if (!reply.ok) throw new RequestFailure(name, reply.error)
      const parsed = requests[name].output.safeParse(reply.value)
      if (!parsed.success) throw new RequestFailure(name, { code: 'failed', message: `the console sent a malformed ${name} reply` })
      return parsed.data as RequestOutput<typeof name>
    },
    on(name, listener) {
      return transport.subscribe((eventName, payload) => {
        if (eventName !== name) return
        const parsed = events[name].safeParse(payload)
        if (parsed.success) listener(parsed.data as EventPayload<typeof name>)
      })
    },
    onConnectionChange: (listener) => transport.onConnectionChange(listener)
  }
}
