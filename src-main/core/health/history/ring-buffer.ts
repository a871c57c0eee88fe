import type { Point } from './downsample'

/** Room for this many samples at first: a lab of hundreds of series should not start at full size. */
const initialSlots = 64

/**
 * The newest `capacity` samples of one series, in two Float64Arrays that double as they fill up
 * to `capacity` and never grow past it: memory stays bounded however long the console runs.
 * Times must not go back; if they do (the clock was set back), the older samples no longer fit
 * the timeline and are dropped.
 */
export class RingBuffer {
  private times: Float64Array
  private values: Float64Array
  /** Physical index of the oldest sample. */
  private start = 0
  private count = 0

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new Error(`a ring buffer needs a capacity of at least 1, not ${capacity}`)
    this.times = new Float64Array(Math.min(capacity, initialSlots))
    this.values = new Float64Array(Math.min(capacity, initialSlots))
  }

  get length(): number {
    return this.count
  }

  push(t: number, v: number): void {
    if (this.count > 0 && t < this.timeAt(this.count - 1)) this.count = 0
    if (this.count === this.slots && this.slots < this.capacity) this.grow()
    const slot = (this.start + this.count) % this.slots
    this.times[slot] = t
    this.values[slot] = v
    if (this.count < this.slots) this.count++
    else this.start = (this.start + 1) % this.slots
  }

  /** The samples with fromMs ≤ t ≤ toMs, oldest first. */
  window(fromMs: number, toMs: number): Point[] {
    const points: Point[] = []
    for (let i = this.firstAtOrAfter(fromMs); i < this.count; i++) {
      const t = this.timeAt(i)
      if (t > toMs) break
      points.push([t, this.values[(this.start + i) % this.slots]!])
    }
    return points
  }

  private get slots(): number {
    return this.times.length
  }

  private timeAt(logical: number): number {
    return this.times[(this.start + logical) % this.slots]!
  }

  /** Twice the room (at most `capacity`), the samples copied oldest first. */
  private grow(): void {
    const size = Math.min(this.capacity, this.slots * 2)
    const times = new Float64Array(size)
    const values = new Float64Array(size)
    for (let i = 0; i < this.count; i++) {
      const from = (this.start + i) % this.slots
      times[i] = this.times[from]!
      values[i] = this.values[from]!
    }
    this.times = times
    this.values = values
    this.start = 0
  }

  /** Binary search over the logical order, which is sorted by time. */
  private firstAtOrAfter(t: number): number {
    let low = 0
    let high = this.count
    while (low < high) {
      const middle = (low + high) >>> 1
      if (this.timeAt(middle) < t) low = middle + 1
      else high = middle
    }
    return low
  }
}
