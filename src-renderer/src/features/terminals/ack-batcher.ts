/** The contract's limit on one acknowledgement. */
const maxAck = 1 << 30

export interface AckBatcher {
  /** Counts output the terminal has parsed; sent with the others at the next flush. */
  add(terminalId: string, length: number): void
  /** Forgets a terminal that closed, so no ack goes out for it. */
  forget(terminalId: string): void
}

/**
 * Flow control: the core pauses a session while too much of its output is unacknowledged, so the
 * renderer acknowledges only what xterm has parsed, summed per terminal into one request per
 * flush (a frame) instead of one per chunk.
 */
export function createAckBatcher(
  send: (terminalId: string, length: number) => void,
  schedule: (flush: () => void) => void
): AckBatcher {
  const pending = new Map<string, number>()
  let scheduled = false

  const flush = () => {
    scheduled = false
    for (const [terminalId, total] of pending) {
      for (let left = total; left > 0; left -= maxAck) send(terminalId, Math.min(left, maxAck))
    }
    pending.clear()
  }

  return {
    add(terminalId, length) {
      if (length <= 0) return
      pending.set(terminalId, (pending.get(terminalId) ?? 0) + length)
      if (scheduled) return
      scheduled = true
      schedule(flush)
    },
    forget(terminalId) {
      pending.delete(terminalId)
    }
  }
}

/**
 * Runs `flush` on the next animation frame, or after 100 ms when there is none: a hidden or
 * minimised window gets no frames, and its terminals must not stall.
 */
export function nextFrame(flush: () => void): void {
  let done = false
  const run = () => {
    if (done) return
    done = true
    flush()
  }
  requestAnimationFrame(run)
  setTimeout(run, 100)
}
