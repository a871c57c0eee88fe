/** Waits `ms`, or less when `signal` aborts or `bell` rings; never rejects. */
export function pause(ms: number, signal: AbortSignal, bell?: Doorbell): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve()
    const done = () => {
      clearTimeout(timer)
      signal.removeEventListener('abort', done)
      bell?.off(done)
      resolve()
    }
    const timer = setTimeout(done, ms)
    signal.addEventListener('abort', done, { once: true })
    bell?.on(done)
  })
}

/** Wakes a waiting loop early: a callback arrived, a WebSocket said the job moved. */
export class Doorbell {
  private readonly waiting = new Set<() => void>()

  on(listener: () => void): void {
    this.waiting.add(listener)
  }

  off(listener: () => void): void {
    this.waiting.delete(listener)
  }

  ring(): void {
    for (const listener of [...this.waiting]) listener()
  }
}

/** The next wait of a polling loop: doubles up to `maxMs`. */
export function backoff(currentMs: number, maxMs: number): number {
  return Math.min(maxMs, currentMs * 2)
}
