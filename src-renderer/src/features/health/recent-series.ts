import type { Point, Series } from '../../../../src-shared/health'
import type { Samples } from '../../../../src-shared/metrics'

/** The last minutes of a few metrics of a node, for the dashboard's sparklines. */
export type RecentSeries = Readonly<Record<string, readonly Point[]>>

export const sparklineKeys = ['cpu', 'mem', 'temp'] as const
export const recentWindowMs = 15 * 60_000
/** Far more than a sparkline's width in pixels; bounds memory whatever the poll interval. */
export const recentCap = 400

function trim(points: readonly Point[], now: number): Point[] {
  const from = now - recentWindowMs
  const kept = points.filter((point) => point[0] >= from)
  return kept.length > recentCap ? kept.slice(-recentCap) : kept
}

/**
 * The fetched history, followed by the live points that arrived after its last point (events
 * can overtake the reply), within the window and the cap.
 */
export function mergeRecent(
  fetched: Readonly<Record<string, Series | undefined>>,
  held: RecentSeries | undefined,
  keys: readonly string[],
  now: number
): RecentSeries {
  const merged: Record<string, readonly Point[]> = {}
  for (const key of keys) {
    const history = (fetched[key]?.points ?? []).filter((point) => Number.isFinite(point[0]))
    const last = history.length > 0 ? history[history.length - 1]![0] : Number.NEGATIVE_INFINITY
    const live = (held?.[key] ?? []).filter((point) => point[0] > last)
    merged[key] = trim([...history, ...live], now)
  }
  return merged
}

/** Adds the node's latest samples at `at`; a time not after the last point adds nothing. */
export function appendRecent(held: RecentSeries, at: number, samples: Samples, keys: readonly string[], now: number): RecentSeries {
  let changed = false
  const next: Record<string, readonly Point[]> = { ...held }
  for (const key of keys) {
    const value = samples[key]
    const points = held[key] ?? []
    const last = points[points.length - 1]
    if (typeof value !== 'number' || !Number.isFinite(value) || (last && last[0] >= at)) continue
    next[key] = trim([...points, [at, value]], now)
    changed = true
  }
  return changed ? next : held
}
