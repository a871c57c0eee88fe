export interface OutputBatcherOptions {
  emit(data: string): void
  /** Stop reading from the source: the renderer is too far behind. */
  pause(): void
  resume(): void
  readonly flushMs?: number
  readonly maxBatch?: number
  /** Unacknowledged output (UTF-16 code units) at which the source is paused. */
  readonly highWater?: number
  /** ... and at which it resumes. */
  readonly lowWater?: number
}

/**
 * Turns a shell's many small chunks into one event per ~16 ms or 64 KiB, and applies xterm.js's
 * flow-control scheme: count what the renderer has not acknowledged yet, pause the source above
 * a high-water mark, resume below a low one. Nothing here grows without bound.
 */
export class OutputBatcher {
  private pending = ''
  private timer: NodeJS.Timeout | undefined
  private paused = false
  private sentLength = 0
  private ackedLength = 0
  private readonly flushMs: number
  private readonly maxBatch: number
  private readonly highWater: number
  private readonly lowWater: number

  constructor(private readonly options: OutputBatcherOptions) {
    this.flushMs = options.flushMs ?? 16
    this.maxBatch = options.maxBatch ?? 64 * 1024
    this.highWater = options.highWater ?? 1024 * 1024
    this.lowWater = options.lowWater ?? 256 * 1024
  }

  get sent(): number {
    return this.sentLength
  }

  get acked(): number {
    return this.ackedLength
  }

  get isPaused(): boolean {
    return this.paused
  }

  /**
   * Output goes out at once while the renderer has caught up (a keystroke's echo must not wait
   * a frame); while it is still parsing, what arrives is gathered into one event per ~16 ms.
   */
  push(text: string): void {
    if (text.length === 0) return
    this.pending += text
    if (this.pending.length >= this.maxBatch || (this.timer && this.unacked() === 0)) this.send()
    else if (!this.timer) {
      this.send()
      this.timer = setTimeout(() => this.endWindow(), this.flushMs)
    }
  }

  flush(): void {
    if (this.timer) clearTimeout(this.timer)
    this.timer = undefined
    this.send()
  }

  private endWindow(): void {
    this.timer = undefined
    if (this.pending.length === 0) return
    this.send()
    this.timer = setTimeout(() => this.endWindow(), this.flushMs)
  }

  private send(): void {
    while (this.pending.length > 0) {
      const batch = this.takeBatch()
      this.sentLength += batch.length
      this.options.emit(batch)
    }
    if (!this.paused && this.unacked() > this.highWater) {
      this.paused = true
      this.options.pause()
    }
  }

  ack(length: number): void {
    // Two windows on one terminal both acknowledge; never count past what was sent.
    this.ackedLength = Math.min(this.sentLength, this.ackedLength + length)
    this.resumeIfCaughtUp()
  }

  /** Everything sent so far counts as seen: a page that re-attached got it as replay. */
  ackAll(): void {
    this.ackedLength = this.sentLength
    this.resumeIfCaughtUp()
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer)
    this.timer = undefined
    this.pending = ''
  }

  private unacked(): number {
    return this.sentLength - this.ackedLength
  }

  private resumeIfCaughtUp(): void {
    if (this.paused && this.unacked() <= this.lowWater) {
      this.paused = false
      this.options.resume()
    }
  }

  /** Never splits a surrogate pair, so every event is valid text on its own. */
  private takeBatch(): string {
    if (this.pending.length <= this.maxBatch) {
      const all = this.pending
      this.pending = ''
      return all
    }
    let end = this.maxBatch
    const last = this.pending.charCodeAt(end - 1)
    if (last >= 0xd800 && last <= 0xdbff) end--
    const batch = this.pending.slice(0, end)
    this.pending = this.pending.slice(end)
    return batch
  }
}
