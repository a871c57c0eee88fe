import { maxEntries } from './console-entries'

export interface LineQueue {
  push(lines: readonly string[]): void
  /** Applies what waits now, e.g. before a command's entry so it lands after the lines before it. */
  flush(): void
  clear(): void
}

/**
 * Log lines wait here until the next flush (a frame), so a burst of events costs the page one
 * store update. Never more than the console keeps: older lines would be dropped on arrival anyway.
 */
export function createLineQueue(schedule: (flush: () => void) => void, apply: (lines: readonly string[]) => void): LineQueue {
  let pending: string[] = []
  let scheduled = false

  const flush = () => {
    scheduled = false
    if (pending.length === 0) return
    const lines = pending
    pending = []
    apply(lines)
  }

  return {
    push(lines) {
      if (lines.length === 0) return
      for (const line of lines) pending.push(line)
      if (pending.length > maxEntries) pending = pending.slice(pending.length - maxEntries)
      if (scheduled) return
      scheduled = true
      schedule(flush)
    },
    flush,
    clear() {
      pending = []
    }
  }
}
