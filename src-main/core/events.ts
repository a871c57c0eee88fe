import type { EventName, EventPayload } from '../../src-shared/contract'

export type EventListener = <N extends EventName>(name: N, payload: EventPayload<N>) => void

/** Fans the core's events out to every connected transport. */
export class EventHub {
  private readonly listeners = new Set<EventListener>()

  emit<N extends EventName>(name: N, payload: EventPayload<N>): void {
    for (const listener of this.listeners) listener(name, payload)
  }

  subscribe(listener: EventListener): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }
}
