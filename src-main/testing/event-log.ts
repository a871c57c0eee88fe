import type { EventName, EventPayload } from '../../src-shared/contract'
import type { Core } from '../core/create-core'

/** Every event of a core, kept, so a test can wait for one that may already have come. */
export class EventLog {
  readonly events: { name: EventName; payload: unknown }[] = []
  private waiting: (() => void)[] = []

  constructor(core: Pick<Core, 'events'>) {
    core.events.subscribe((name, payload) => {
      this.events.push({ name, payload })
      for (const wake of this.waiting.splice(0)) wake()
    })
  }

  of<N extends EventName>(name: N): EventPayload<N>[] {
    return this.events.filter((event) => event.name === name).map((event) => event.payload as EventPayload<N>)
  }

  /** What `find` finds once an event makes it true (looked at again every 200 ms too), or a failure after `ms`. */
  async until<T>(find: () => T | undefined, ms = 15_000): Promise<T> {
    const deadline = Date.now() + ms
    for (;;) {
      const found = find()
      if (found !== undefined) return found
      const left = deadline - Date.now()
      if (left <= 0) throw new Error(`not seen within ${ms} ms`)
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.min(left, 200))
        this.waiting.push(() => {
          clearTimeout(timer)
          resolve()
        })
      })
    }
  }
}
