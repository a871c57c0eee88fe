import type { Samples } from '../../../../src-shared/metrics'
import type { StoreDatabase } from '../../store/database'
import { maxChartPoints } from './downsample'

/** One bucket of a rollup range: its start (ms), the mean, the lowest and the highest value. */
export type RollupPoint = readonly [t: number, avg: number, min: number, max: number]

export interface RollupStoreOptions {
  /** How long rollups are kept; older minutes are pruned as new ones are written. */
  readonly retentionMs?: number
}

const minuteMs = 60_000
const sevenDaysMs = 7 * 24 * 60 * minuteMs
/** Bucket widths in minutes that read well on a time axis. */
const niceWidths = [1, 2, 5, 10, 15, 30, 60, 120, 180, 360, 720, 1440]

interface Accumulator {
  readonly target: string
  readonly key: string
  min: number
  max: number
  sum: number
  count: number
}

interface BucketRow {
  bucket: number
  low: number
  high: number
  total: number
  samples: number
}

/**
 * Per-minute min/max/sum/count of every series in SQLite, for the 24 h and 7 d charts. A minute
 * is summed in memory and written once it has closed, in one transaction; a minute written twice
 * (a late sample, a restart within the minute) is merged, not overwritten.
 */
export class RollupStore {
  private readonly open = new Map<number, Map<string, Accumulator>>()
  private newestMinute = -Infinity
  private readonly retentionMinutes: number
  private readonly upsert
  private readonly prune
  private readonly selectBuckets
  private readonly writeMinutes

  constructor(db: StoreDatabase, options: RollupStoreOptions = {}) {
    this.retentionMinutes = Math.ceil((options.retentionMs ?? sevenDaysMs) / minuteMs)
    this.upsert = db.prepare<[string, string, number, number, number, number, number]>(
      `INSERT INTO metric_rollups (target, key, minute, min, max, sum, count) VALUES (?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (target, key, minute) DO UPDATE SET
         min = min(metric_rollups.min, excluded.min),
         max = max(metric_rollups.max, excluded.max),
         sum = metric_rollups.sum + excluded.sum,
         count = metric_rollups.count + excluded.count`
    )
    this.prune = db.prepare<[number]>('DELETE FROM metric_rollups WHERE minute < ?')
    // better-sqlite3 binds JS numbers as REALs, so `minute / width` would not floor; `%` does.
    this.selectBuckets = db.prepare<{ target: string; key: string; from: number; to: number; width: number }, BucketRow>(
      `SELECT minute - minute % @width AS bucket, MIN(min) AS low, MAX(max) AS high, SUM(sum) AS total, SUM(count) AS samples
       FROM metric_rollups
       WHERE target = @target AND key = @key AND minute BETWEEN @from AND @to
       GROUP BY bucket ORDER BY bucket`
    )
    this.writeMinutes = db.transaction((accumulators: readonly Accumulator[], minute: number, pruneBefore: number) => {
      for (const a of accumulators) this.upsert.run(a.target, a.key, minute, a.min, a.max, a.sum, a.count)
      this.prune.run(pruneBefore)
    })
  }

  /** Adds samples taken at `atMs`; the first sample of a new minute writes the minutes before it. */
  add(target: string, atMs: number, samples: Samples): void {
    const minute = Math.floor(atMs / minuteMs)
    if (minute > this.newestMinute) {
      this.newestMinute = minute
      this.flush(atMs)
    }
    let accumulators = this.open.get(minute)
    if (!accumulators) {
      accumulators = new Map()
      this.open.set(minute, accumulators)
    }
    for (const [key, value] of Object.entries(samples)) {
      if (!Number.isFinite(value)) continue
      const id = `${target}\u0000${key}`
      const a = accumulators.get(id)
      if (a) {
        a.min = Math.min(a.min, value)
        a.max = Math.max(a.max, value)
        a.sum += value
        a.count++
      } else accumulators.set(id, { target, key, min: value, max: value, sum: value, count: 1 })
    }
  }

  /** Writes every minute that closed before `nowMs`. */
  flush(nowMs: number): void {
    const nowMinute = Math.floor(nowMs / minuteMs)
    for (const minute of [...this.open.keys()]) if (minute < nowMinute) this.write(minute, nowMinute)
  }

  /** Writes the open minute too, for shutdown: a restart within the same minute merges into it. */
  flushAll(): void {
    for (const minute of [...this.open.keys()]) this.write(minute, this.newestMinute)
  }

  /**
   * Mean, min and max of `key` between two times, in buckets as wide as needed (1 min, 5 min,
   * 30 min …) for at most `maxPoints` (at least 3) points, every bucket present: one without data
   * is NaN, so the chart shows a gap. Empty when there is no data at all.
   */
  range(target: string, key: string, fromMs: number, toMs: number, maxPoints = maxChartPoints): RollupPoint[] {
    const from = Math.floor(fromMs / minuteMs)
    const to = Math.floor(toMs / minuteMs)
    if (to < from) return []
    const width = bucketWidth(to - from, Math.max(3, maxPoints))
    const rows = this.selectBuckets.all({ target, key, from, to, width })
    if (rows.length === 0) return []
    const byBucket = new Map(rows.map((row) => [row.bucket, row]))
    const points: RollupPoint[] = []
    for (let bucket = Math.floor(from / width) * width; bucket <= to; bucket += width) {
      const row = byBucket.get(bucket)
      points.push(row ? [bucket * minuteMs, row.total / row.samples, row.low, row.high] : [bucket * minuteMs, NaN, NaN, NaN])
    }
    return points
  }

  private write(minute: number, nowMinute: number): void {
    const accumulators = this.open.get(minute)
    // Dropped before writing: if the disk fails, one minute is lost rather than memory growing.
    this.open.delete(minute)
    if (accumulators) this.writeMinutes([...accumulators.values()], minute, nowMinute - this.retentionMinutes)
  }
}

/**
 * The narrowest nice width with at most `maxPoints` buckets over `spanMinutes`: the first and
 * last bucket may be partial, so a span needs spanMinutes / width + 2 of them.
 */
function bucketWidth(spanMinutes: number, maxPoints: number): number {
  const needed = spanMinutes / (maxPoints - 2)
  return niceWidths.find((width) => width >= needed) ?? Math.ceil(needed / 1440) * 1440
}
