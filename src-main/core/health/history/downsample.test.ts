import { describe, expect, it } from 'vitest'
import type { Point } from './downsample'
import { lttb, minMaxBuckets } from './downsample'

const series = (values: readonly number[], stepMs = 1): Point[] => values.map((v, i) => [i * stepMs, v])
/** A deterministic wiggly line, no randomness. */
const wave = (count: number): Point[] => Array.from({ length: count }, (_, i): Point => [i * 1000, Math.sin(i / 7) * 50 + (i % 13)])
const gapsIn = (points: readonly Point[]) => points.filter(([, v]) => Number.isNaN(v)).map(([t]) => t)
const isIncreasing = (points: readonly Point[]) => points.every((point, i) => i === 0 || point[0] > points[i - 1]![0])

describe('lttb', () => {
  it('keeps the point that makes the largest triangle (hand-computed)', () => {
    expect(lttb(series([0, 1, 5, 2, 0]), 3)).toEqual([
      [0, 0],
      [2, 5],
      [4, 0]
    ])
  })

  it('keeps both spikes of a line in four points (hand-computed)', () => {
    // Bucket 1 is points 1–3 against the mean of 4–6 (t 5, v −10/3): (1, 10) has the largest
    // triangle. Bucket 2 is points 4–6 against point 7, anchored on (1, 10): (6, −10) wins.
    expect(lttb(series([0, 10, 0, 0, 0, 0, -10, 0]), 4)).toEqual([
      [0, 0],
      [1, 10],
      [6, -10],
      [7, 0]
    ])
  })

  it('returns a copy of a series that already fits', () => {
    const points = series([3, 1, 4, 1, 5])
    const result = lttb(points, 5)
    expect(result).toEqual(points)
    expect(result).not.toBe(points)
    expect(lttb(points, 400)).toEqual(points)
  })

  it('handles no, one and two points', () => {
    expect(lttb([], 3)).toEqual([])
    expect(lttb([[5, 1]], 3)).toEqual([[5, 1]])
    expect(lttb(series([1, 2]), 3)).toEqual(series([1, 2]))
  })

  it('keeps the first (and last) point at the smallest thresholds', () => {
    const points = series([1, 9, 2, 8, 3])
    expect(lttb(points, 2)).toEqual([
      [0, 1],
      [4, 3]
    ])
    expect(lttb(points, 1)).toEqual([[0, 1]])
    expect(lttb(points, 0)).toEqual([])
  })

  it('brings a long series down to the threshold, first and last kept, in time order', () => {
    const points = wave(10_000)
    for (const threshold of [3, 10, 399, 400]) {
      const result = lttb(points, threshold)
      expect(result).toHaveLength(threshold)
      expect(result[0]).toEqual(points[0])
      expect(result.at(-1)).toEqual(points.at(-1))
      expect(isIncreasing(result)).toBe(true)
    }
    expect(lttb(points)).toHaveLength(400)
  })

  it('keeps an outage as one gap, with the line ending and starting at its edges', () => {
    const points = wave(1000).map(([t, v], i): Point => [t, i >= 400 && i < 500 ? NaN : v])
    const result = lttb(points, 100)
    expect(result.length).toBeLessThanOrEqual(100)
    expect(gapsIn(result)).toEqual([400_000])
    const gap = result.findIndex(([, v]) => Number.isNaN(v))
    expect(result[gap - 1]).toEqual(points[399])
    expect(result[gap + 1]).toEqual(points[500])
    expect(result[0]).toEqual(points[0])
    expect(result.at(-1)).toEqual(points[999])
  })

  it('collapses each run of gaps to one point when that alone makes the series fit', () => {
    const points = wave(500).map(([t, v], i): Point => [t, i >= 100 && i < 300 ? NaN : v])
    const result = lttb(points, 400)
    expect(result).toHaveLength(301)
    expect(gapsIn(result)).toEqual([100_000])
  })

  it('keeps a series that starts or ends in an outage reaching its first and last time', () => {
    const points = wave(1000).map(([t, v], i): Point => [t, i < 50 || i >= 900 ? NaN : v])
    const result = lttb(points, 200)
    expect(result.length).toBeLessThanOrEqual(200)
    expect(gapsIn(result)).toEqual([0, 900_000, 999_000])
    expect(result[1]).toEqual(points[50])
  })

  it('draws a flapping target within the threshold, gaps still shown', () => {
    // 300 pairs of samples, each followed by two failed polls: too many pieces to keep each one.
    const points = wave(1200).map(([t, v], i): Point => [t, i % 4 < 2 ? v : NaN])
    const result = lttb(points, 400)
    expect(result.length).toBeLessThanOrEqual(400)
    expect(gapsIn(result).length).toBeGreaterThan(0)
    expect(result.some(([, v]) => Number.isFinite(v))).toBe(true)
    expect(isIncreasing(result)).toBe(true)
  })
})

describe('minMaxBuckets', () => {
  it('gives the lowest and highest value of each time bucket, a gap where a bucket had only gaps', () => {
    const points = series([1, 5, 2, 2, NaN, NaN, 3, -1])
    expect(minMaxBuckets(points, 4)).toEqual({
      min: [
        [0, 1],
        [2, 2],
        [4, NaN],
        [6, -1]
      ],
      max: [
        [0, 5],
        [2, 2],
        [4, NaN],
        [6, 3]
      ]
    })
  })

  it('keeps every extreme of a long series within the threshold', () => {
    const points = wave(5000)
    points[1234] = [1_234_000, 1e6]
    points[4321] = [4_321_000, -1e6]
    const { min, max } = minMaxBuckets(points)
    expect(min.length).toBeLessThanOrEqual(400)
    expect(max).toHaveLength(min.length)
    expect(Math.max(...max.map(([, v]) => v))).toBe(1e6)
    expect(Math.min(...min.map(([, v]) => v))).toBe(-1e6)
    expect(min.map(([t]) => t)).toEqual(max.map(([t]) => t))
  })

  it('returns a series that already fits as both edges of the band', () => {
    const points = series([1, 2, 3])
    expect(minMaxBuckets(points, 3)).toEqual({ min: points, max: points })
    expect(minMaxBuckets([], 3)).toEqual({ min: [], max: [] })
  })
})
