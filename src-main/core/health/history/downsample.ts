/** [ms since the epoch, value]; a NaN value is a gap (no data). */
export type Point = readonly [t: number, v: number]

/** No chart draws more points than this per series. */
export const maxChartPoints = 400

/**
 * Largest-triangle-three-buckets: keeps the shape of a line in at most `threshold` points. A run
 * of NaN (an outage) stays a gap: it becomes one NaN point, and the line on either side keeps
 * its last and first sample, so the chart breaks where the data broke instead of bridging it.
 */
export function lttb(points: readonly Point[], threshold = maxChartPoints): Point[] {
  if (points.length <= threshold) return points.slice()
  if (threshold < 1) return []
  if (threshold < 2) return [points[0]!]
  const runs = splitAtGaps(points)
  const collapsed = runs.flatMap((run) => ('gap' in run ? [run.gap] : run.points))
  if (collapsed.length <= threshold) return collapsed
  const lines = runs.filter((run) => 'points' in run)
  const gaps = runs.length - lines.length
  const budgets = shareBudget(
    lines.map((run) => run.points.length),
    threshold - gaps
  )
  if (budgets === undefined) return bucketAverages(points, threshold)
  let line = 0
  return runs.flatMap((run) => ('gap' in run ? [run.gap] : lttbRun(run.points, budgets[line++] ?? 0)))
}

/**
 * The lowest and the highest value of each of `threshold` equal time buckets, for the band
 * behind a line: a spike between two kept points of the line still shows. A bucket whose samples
 * are all NaN gives NaN (a gap); a bucket with no samples gives nothing.
 */
export function minMaxBuckets(points: readonly Point[], threshold = maxChartPoints): { min: Point[]; max: Point[] } {
  if (points.length <= threshold) return { min: points.slice(), max: points.slice() }
  if (threshold < 1) return { min: [], max: [] }
  const min: Point[] = []
  const max: Point[] = []
  for (const bucket of timeBuckets(points, threshold)) {
    let low = Infinity
    let high = -Infinity
    for (const [, v] of bucket) {
      if (!Number.isFinite(v)) continue
      low = Math.min(low, v)
      high = Math.max(high, v)
    }
    const t = bucket[0]![0]
    min.push([t, low === Infinity ? NaN : low])
    max.push([t, high === -Infinity ? NaN : high])
  }
  return { min, max }
}

type Run = { readonly points: readonly Point[] } | { readonly gap: Point }

/**
 * Maximal runs of finite values, and the first NaN point of each run of gaps. A series that
 * ends in a gap also keeps its last point, so the chart reaches the end of the outage.
 */
function splitAtGaps(points: readonly Point[]): Run[] {
  const runs: Run[] = []
  let line: Point[] = []
  let inGap = false
  for (const point of points) {
    if (Number.isFinite(point[1])) {
      line.push(point)
      inGap = false
      continue
    }
    if (inGap) continue
    if (line.length > 0) runs.push({ points: line })
    line = []
    runs.push({ gap: [point[0], NaN] })
    inGap = true
  }
  if (line.length > 0) runs.push({ points: line })
  const last = points[points.length - 1]
  const lastRun = runs[runs.length - 1]
  if (last && lastRun && 'gap' in lastRun && lastRun.gap[0] !== last[0]) runs.push({ gap: [last[0], NaN] })
  return runs
}

/**
 * Shares `budget` points among runs of the given lengths, in proportion to their length, each
 * run keeping at least its two ends. Undefined when there are too many runs for that.
 */
function shareBudget(lengths: readonly number[], budget: number): number[] | undefined {
  const ends = lengths.map((length) => Math.min(length, 2))
  const spare = budget - ends.reduce((sum, n) => sum + n, 0)
  if (spare < 0) return undefined
  const inner = lengths.map((length, i) => length - ends[i]!)
  const innerTotal = inner.reduce((sum, n) => sum + n, 0)
  return ends.map((n, i) => n + (innerTotal === 0 ? 0 : Math.floor((spare * inner[i]!) / innerTotal)))
}

/** Classic LTTB over a run without gaps. */
function lttbRun(points: readonly Point[], threshold: number): Point[] {
  if (threshold >= points.length) return points.slice()
  if (threshold <= 0) return []
  const first = points[0]!
  const last = points[points.length - 1]!
  if (threshold === 1) return [first]
  if (threshold === 2) return [first, last]
  const sampled: Point[] = [first]
  const every = (points.length - 2) / (threshold - 2)
  let anchor = first
  for (let i = 0; i < threshold - 2; i++) {
    const next = average(points, Math.floor((i + 1) * every) + 1, Math.min(Math.floor((i + 2) * every) + 1, points.length))
    let best = points[Math.floor(i * every) + 1]!
    let bestArea = -1
    for (let j = Math.floor(i * every) + 1; j < Math.floor((i + 1) * every) + 1; j++) {
      const candidate = points[j]!
      const area = Math.abs((anchor[0] - next[0]) * (candidate[1] - anchor[1]) - (anchor[0] - candidate[0]) * (next[1] - anchor[1]))
      if (area > bestArea) {
        bestArea = area
        best = candidate
      }
    }
    sampled.push(best)
    anchor = best
  }
  sampled.push(last)
  return sampled
}

function average(points: readonly Point[], from: number, to: number): Point {
  let t = 0
  let v = 0
  for (let i = from; i < to; i++) {
    t += points[i]![0]
    v += points[i]![1]
  }
  const count = to - from
  return [t / count, v / count]
}

/**
 * For a series broken into more pieces than there are points to draw (a flapping target): the
 * mean of each time bucket, or a gap where most of the bucket was one.
 */
function bucketAverages(points: readonly Point[], threshold: number): Point[] {
  return timeBuckets(points, threshold).map((bucket) => {
    const finite = bucket.filter(([, v]) => Number.isFinite(v))
    const mostlyGap = finite.length * 2 < bucket.length
    return [bucket[0]![0], mostlyGap ? NaN : finite.reduce((sum, [, v]) => sum + v, 0) / finite.length]
  })
}

/** Splits time-ordered points into at most `count` non-empty buckets of equal time width. */
function timeBuckets(points: readonly Point[], count: number): Point[][] {
  const start = points[0]![0]
  const width = (points[points.length - 1]![0] - start) / count
  const buckets: Point[][] = []
  let current: Point[] = []
  let currentIndex = -1
  for (const point of points) {
    const index = width > 0 ? Math.min(count - 1, Math.floor((point[0] - start) / width)) : 0
    if (index !== currentIndex && current.length > 0) {
      buckets.push(current)
      current = []
    }
    currentIndex = index
    current.push(point)
  }
  if (current.length > 0) buckets.push(current)
  return buckets
}
