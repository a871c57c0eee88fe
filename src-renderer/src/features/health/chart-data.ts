import type { Point, Series } from '../../../../src-shared/health'

/**
 * Turns the core's series into the rows a chart draws. The core downsamples each series on its
 * own, so series of one chart rarely share timestamps; rows are made on the union of them, a
 * series filled in by its own straight line where it has no point, and left empty (null) where
 * its data stops: recharts breaks the line at a null, so an outage shows as an outage.
 */

/** A point further from the previous one than this many median spacings starts a new stretch. */
export const gapFactor = 2.5

export type Band = readonly [low: number, high: number]
export type ChartRow = { readonly t: number } & { readonly [column: string]: number | Band | null }

/** Column names free of dots: recharts reads a dotted dataKey ("net.rx") as a path. */
export const valueColumn = (index: number) => `v${index}`
export const bandColumn = (index: number) => `b${index}`

/** A point with a number for a value: a gap (null in the reply) is NaN here. */
type Drawn = readonly [t: number, v: number]
type Stretch = readonly Drawn[]

interface Shaped {
  readonly stretches: readonly Stretch[]
  /** Times inside each break, where the line must have a null to stop. */
  readonly breaks: readonly number[]
}

export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null
  const sorted = [...values].sort((a, b) => a - b)
  const middle = Math.floor(sorted.length / 2)
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2
}

/** Points in time order, one per time, with a missing value kept as an explicit gap. */
function clean(points: readonly Point[]): Drawn[] {
  const byTime = new Map<number, number>()
  for (const point of points) {
    if (Array.isArray(point) && Number.isFinite(point[0])) byTime.set(point[0], typeof point[1] === 'number' ? point[1] : Number.NaN)
  }
  return [...byTime].sort((a, b) => a[0] - b[0])
}

/** Splits a series where a value is missing or where two points are unusually far apart. */
export function shapeSeries(points: readonly Point[]): Shaped {
  const sorted = clean(points)
  const spacings = sorted.slice(1).map((point, index) => point[0] - sorted[index]![0])
  const typical = median(spacings)
  const limit = typical === null || typical <= 0 ? Number.POSITIVE_INFINITY : typical * gapFactor
  const stretches: Drawn[][] = []
  const breaks: number[] = []
  let current: Drawn[] = []
  let previous: Drawn | undefined
  const close = () => {
    if (current.length > 0) stretches.push(current)
    current = []
  }
  for (const point of sorted) {
    if (!Number.isFinite(point[1])) {
      close()
      breaks.push(point[0])
    } else {
      if (previous && Number.isFinite(previous[1]) && point[0] - previous[0] > limit) {
        close()
        breaks.push((previous[0] + point[0]) / 2)
      }
      current.push(point)
    }
    previous = point
  }
  close()
  return { stretches, breaks }
}

/** The value of a series at a time: its own point, on the line between two, or null outside. */
export function valueAt(shaped: Shaped, t: number): number | null {
  for (const stretch of shaped.stretches) {
    const first = stretch[0]!
    const last = stretch[stretch.length - 1]!
    if (t < first[0] || t > last[0]) continue
    let low = 0
    let high = stretch.length - 1
    while (high - low > 1) {
      const middle = (low + high) >> 1
      if (stretch[middle]![0] <= t) low = middle
      else high = middle
    }
    const a = stretch[low]!
    const b = stretch[high]!
    if (a[0] === t) return a[1]
    if (b[0] === t) return b[1]
    return a[1] + ((b[1] - a[1]) * (t - a[0])) / (b[0] - a[0])
  }
  return null
}

function timesOf(shaped: Shaped): number[] {
  return [...shaped.stretches.flatMap((stretch) => stretch.map((point) => point[0])), ...shaped.breaks]
}

/**
 * One row per distinct time of any of the keys' points (and their bands): `valueColumn(i)` is
 * the i-th key's value, `bandColumn(i)` its [min, max] where the reply has a band.
 */
export function toChartRows(series: Readonly<Record<string, Series | undefined>>, keys: readonly string[]): ChartRow[] {
  const lines = keys.map((key) => {
    const entry = series[key]
    const line = shapeSeries(entry?.points ?? [])
    const band = entry?.min && entry.max ? { min: shapeSeries(entry.min), max: shapeSeries(entry.max) } : null
    return { line, band }
  })
  const times = new Set<number>()
  for (const { line, band } of lines) {
    for (const t of timesOf(line)) times.add(t)
    if (band) for (const t of [...timesOf(band.min), ...timesOf(band.max)]) times.add(t)
  }
  return [...times]
    .sort((a, b) => a - b)
    .map((t) => {
      const row: Record<string, number | Band | null> = { t }
      lines.forEach(({ line, band }, index) => {
        row[valueColumn(index)] = valueAt(line, t)
        if (!band) return
        const low = valueAt(band.min, t)
        const high = valueAt(band.max, t)
        row[bandColumn(index)] = low === null || high === null ? null : [Math.min(low, high), Math.max(low, high)]
      })
      return row as ChartRow
    })
}

/** True when any of the keys has a value to draw. */
export function hasData(series: Readonly<Record<string, Series | undefined>>, keys: readonly string[]): boolean {
  return keys.some((key) => series[key]?.points.some((point) => Number.isFinite(point[1])) ?? false)
}
