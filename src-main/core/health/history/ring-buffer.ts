import type { Point } from './downsample'

/**
 * The newest `capacity` samples of one series, in two preallocated Float64Arrays: pushing never
 * allocates, and memory stays the same however long the console runs. Times must not go back;
 * if they do (the clock was set back), the older samples no longer fit the timeline and are dropped.
 */
export class RingBuffer {
  private readonly times: Float64Array
  private readonly values: Float64Array
  /** Physical index of the oldest sample. */
  private start = 0
  private count = 0

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new Error(`a ring buffer needs a capacity of at least 1, not ${capacity}`)
    this.times = new Float64Array(capacity)
    this.values = new Float64Array(capacity)
  }

  get length(): number {
    return this.count
  }

  push(t: number, v: number): void {
    if (this.count > 0 && t < this.timeAt(this.count - 1)) this.count = 0
    const slot = (this.start + this.count) % this.capacity
    this.times[slot] = t
    this.values[slot] = v
    if (this.count < this.capacity) this.count++
    else this.start = (this.start + 1) % this.capacity
  }

  /** The samples with fromMs ≤ t ≤ toMs, oldest first. */
  window(fromMs: number, toMs: number): Point[] {
    const points: Point[] = []
    for (let i = this.firstAtOrAfter(fromMs); i < this.count; i++) {
      const t = this.timeAt(i)
      if (t > toMs) break
      points.push([t, this.values[(this.start + i) % this.capacity]!])
    }
    return points
  }

  private timeAt(logical: number): number {
    return this.times[(this.start + logical) % this.capacity]!
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
