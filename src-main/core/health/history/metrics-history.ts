import type { ChartRange } from '../../../../src-shared/health'
import type { Point } from './downsample'

/** A chart line with NaN gaps; the request handler turns them into the contract's nulls. */
export interface HistorySeries {
  readonly points: Point[]
  readonly min?: Point[]
  readonly max?: Point[]
}
import type { Samples } from '../../../../src-shared/metrics'
import type { StoreDatabase } from '../../store/database'
import { lttb, maxChartPoints, minMaxBuckets } from './downsample'
import { RingBuffer } from './ring-buffer'
import { RollupStore } from './rollup-store'

const minuteMs = 60_000

export const rangeDurationsMs: Readonly<Record<ChartRange, number>> = {
  '15m': 15 * 60_000,
  '1h': 60 * 60_000,
  '24h': 24 * 60 * 60_000,
  '7d': 7 * 24 * 60 * 60_000
}

export interface MetricsHistoryOptions {
  /** Samples kept in memory per series: 1024 covers an hour at an interval down to 3.5 s. */
  readonly ringCapacity?: number
  /** Series kept per target, so a node with 500 mounts cannot take the memory of 500 series. */
  readonly maxKeysPerTarget?: number
  readonly maxPoints?: number
  readonly rollupRetentionMs?: number
}

interface KeyHistory {
  readonly ring: RingBuffer
  lastAt: number
}

interface TargetHistory {
  readonly keys: Map<string, KeyHistory>
  latest: Samples | undefined
}

/**
 * Where the health service puts every probe's samples and where charts read them: the last
 * hour from ring buffers in memory, 24 h and 7 d from per-minute rollups in SQLite. No series
 * comes back with more than `maxPoints` points.
 */
export class MetricsHistory {
  private readonly targets = new Map<string, TargetHistory>()
  private readonly rollups: RollupStore
  private readonly ringCapacity: number
  private readonly maxKeysPerTarget: number
  private readonly maxPoints: number

  constructor(db: StoreDatabase, options: MetricsHistoryOptions = {}) {
    this.rollups = new RollupStore(db, { retentionMs: options.rollupRetentionMs })
    this.ringCapacity = options.ringCapacity ?? 1024
    this.maxKeysPerTarget = options.maxKeysPerTarget ?? 64
    this.maxPoints = options.maxPoints ?? maxChartPoints
  }

  /**
   * Keeps the samples a probe took of `target` at `atMs`. Past the key cap a new key takes the
   * place of the longest-silent key this record does not carry, or is dropped; keys of the fixed
   * vocabulary come before per-instance ones ("disk:/mnt/x"), so mounts never crowd out CPU.
   */
  record(target: string, atMs: number, samples: Samples): void {
    if (!Number.isFinite(atMs)) return
    const history = this.targetHistory(target)
    const kept: Record<string, number> = {}
    let silent: string[] | undefined
    for (const key of vocabularyFirst(Object.keys(samples))) {
      let entry = history.keys.get(key)
      if (!entry) {
        if (history.keys.size >= this.maxKeysPerTarget) {
          silent ??= silentKeys(history, samples)
          const evicted = silent.shift()
          if (evicted === undefined) continue
          history.keys.delete(evicted)
        }
        entry = { ring: new RingBuffer(this.ringCapacity), lastAt: atMs }
        history.keys.set(key, entry)
      }
      const value = samples[key]!
      entry.ring.push(atMs, Number.isFinite(value) ? value : NaN)
      entry.lastAt = atMs
      kept[key] = value
    }
    history.latest = kept
    this.rollups.add(target, atMs, kept)
  }

  /** The target did not answer: every series breaks at `atMs`, and it has no latest samples. */
  recordGap(target: string, atMs: number): void {
    const history = this.targets.get(target)
    if (!history || !Number.isFinite(atMs)) return
    for (const entry of history.keys.values()) entry.ring.push(atMs, NaN)
    history.latest = undefined
  }

  /**
   * Each key's chart data over the range ending at `nowMs`; a key with no data has no points.
   * The band (min, max) comes with rollup ranges, and with live ones where the line is a reduction.
   */
  series(target: string, keys: readonly string[], range: ChartRange, nowMs: number): Record<string, HistorySeries> {
    const fromMs = nowMs - rangeDurationsMs[range]
    const result: Record<string, HistorySeries> = {}
    this.rollups.flush(nowMs)
    if (range === '15m' || range === '1h') {
      for (const key of keys) result[key] = this.liveSeries(target, key, fromMs, nowMs)
      return result
    }
    for (const key of keys) {
      const rows = this.rollups.range(target, key, fromMs, nowMs, this.maxPoints)
      result[key] = {
        points: rows.map(([t, avg]) => [t, avg]),
        min: rows.map(([t, , min]) => [t, min]),
        max: rows.map(([t, , , max]) => [t, max])
      }
    }
    return result
  }

  /** The samples of the last record, or undefined when the target last failed or never reported. */
  latest(target: string): Samples | undefined {
    return this.targets.get(target)?.latest
  }

  /** Drops the live data of a target gone from the inventory; its rollups stay for history. */
  forget(target: string): void {
    this.targets.delete(target)
  }

  /** Writes the minute still open to SQLite, at shutdown. */
  flush(): void {
    this.rollups.flushAll()
  }

  /** For tests and the bench: what is held in memory. */
  stats(): { targets: number; series: number } {
    let series = 0
    for (const history of this.targets.values()) series += history.keys.size
    return { targets: this.targets.size, series }
  }

  private liveSeries(target: string, key: string, fromMs: number, toMs: number): HistorySeries {
    const live = this.targets.get(target)?.keys.get(key)?.ring.window(fromMs, toMs) ?? []
    // After a restart (or past the ring's capacity) the start of the range is only in the rollups.
    const liveFrom = live[0]?.[0] ?? toMs
    const older = liveFrom - fromMs > minuteMs ? this.rollups.range(target, key, fromMs, liveFrom - minuteMs, this.maxPoints).map(([t, avg]): Point => [t, avg]) : []
    const window = older.some(([, value]) => Number.isFinite(value)) ? [...older, ...live] : live
    const points = lttb(window, this.maxPoints)
    return window.length > this.maxPoints ? { points, ...minMaxBuckets(window, this.maxPoints) } : { points }
  }

  private targetHistory(target: string): TargetHistory {
    let history = this.targets.get(target)
    if (!history) {
      history = { keys: new Map(), latest: undefined }
      this.targets.set(target, history)
    }
    return history
  }
}

/** Keys of the fixed vocabulary first, then per-instance keys (they name a mount after a colon). */
function vocabularyFirst(keys: readonly string[]): string[] {
  return [...keys.filter((key) => !key.includes(':')), ...keys.filter((key) => key.includes(':'))]
}

/** Keys this record does not carry, the longest silent first: the ones a new key may replace. */
function silentKeys(history: TargetHistory, samples: Samples): string[] {
  return [...history.keys]
    .filter(([key]) => !Object.hasOwn(samples, key))
    .sort(([, a], [, b]) => a.lastAt - b.lastAt)
    .map(([key]) => key)
}
