import { describe, expect, it } from 'vitest'
import { useTempDatabase } from '../../../testing/temp-database'
import { MetricsHistory } from './metrics-history'

const minute = 60_000
const t0 = Date.UTC(2025, 0, 6)

const { open } = useTempDatabase()

/** Records `count` polls of a node every `stepMs` from `start`, cpu rising 0, 1, 2 … */
function poll(history: MetricsHistory, target: string, start: number, count: number, stepMs: number): number {
  for (let i = 0; i < count; i++) history.record(target, start + i * stepMs, { cpu: i % 100, mem: 50 })
  return start + (count - 1) * stepMs
}

describe('MetricsHistory', () => {
  it('charts the last 15 minutes from memory, sample for sample', () => {
    const history = new MetricsHistory(open())
    const now = poll(history, 'pi', t0, 120, 10_000)
    const { cpu, mem } = history.series('pi', ['cpu', 'mem'], '15m', now)
    expect(cpu!.points).toHaveLength(91)
    expect(cpu!.points[0]).toEqual([now - 15 * minute, 29])
    expect(cpu!.points.at(-1)).toEqual([now, 119 % 100])
    expect(cpu!.min).toBeUndefined()
    expect(mem!.points.every(([, v]) => v === 50)).toBe(true)
  })

  it('reduces an hour of 5-second polls to 400 points with a band of the extremes', () => {
    const history = new MetricsHistory(open())
    const now = poll(history, 'pi', t0, 720, 5000)
    history.record('pi', now + 5000, { cpu: 1000 })
    const { cpu } = history.series('pi', ['cpu'], '1h', now + 5000)
    expect(cpu!.points).toHaveLength(400)
    expect(cpu!.min!.length).toBeLessThanOrEqual(400)
    expect(cpu!.max!.length).toBeLessThanOrEqual(400)
    expect(Math.max(...cpu!.max!.map(([, v]) => v))).toBe(1000)
    expect(cpu!.points.at(-1)).toEqual([now + 5000, 1000])
  })

  it('charts 24 hours and 7 days from the rollups: a mean line with a min/max band', () => {
    const history = new MetricsHistory(open())
    const now = poll(history, 'pi', t0, 8640, 10_000)
    const day = history.series('pi', ['cpu'], '24h', now).cpu!
    expect(day.points.length).toBeLessThanOrEqual(400)
    expect(day.min).toHaveLength(day.points.length)
    expect(day.max).toHaveLength(day.points.length)
    // The first full bucket (5 min = 30 polls) after the window start reads a stretch of 0…99.
    const full = day.points.findIndex(([t]) => t >= now - 24 * 60 * minute + 5 * minute)
    expect(day.min![full]![1]).toBeLessThan(day.points[full]![1])
    expect(day.max![full]![1]).toBeGreaterThan(day.points[full]![1])
    const week = history.series('pi', ['cpu', 'mem'], '7d', now)
    expect(week.cpu!.points.length).toBeLessThanOrEqual(400)
    expect(week.mem!.points.filter(([, v]) => Number.isFinite(v)).every(([, v]) => v === 50)).toBe(true)
  })

  it('keeps rollups across a restart, and live ranges start from them until memory covers the range', () => {
    const before = open()
    const first = new MetricsHistory(before)
    poll(first, 'pi', t0, 3, 10_000)
    first.flush()
    before.close()
    const again = new MetricsHistory(open())
    const finite = (points: readonly (readonly [number, number])[]) => points.filter(([, v]) => Number.isFinite(v))
    expect(finite(again.series('pi', ['cpu'], '24h', t0 + minute).cpu!.points)).toEqual([[t0, 1]])
    expect(finite(again.series('pi', ['cpu'], '15m', t0 + 2 * minute).cpu!.points)).toEqual([[t0, 1]])
    again.record('pi', t0 + 5 * minute, { cpu: 40 })
    const hour = again.series('pi', ['cpu'], '1h', t0 + 5 * minute).cpu!.points
    expect(finite(hour)).toEqual([
      [t0, 1],
      [t0 + 5 * minute, 40]
    ])
    // The minutes the console was closed are a gap, not a line from 1 to 40.
    expect(hour.some(([t, v]) => t > t0 && t < t0 + 5 * minute && Number.isNaN(v))).toBe(true)
  })

  it('breaks the line where the target did not answer and forgets its latest samples', () => {
    const history = new MetricsHistory(open())
    history.record('pi', t0, { cpu: 10 })
    expect(history.latest('pi')).toEqual({ cpu: 10 })
    history.recordGap('pi', t0 + 10_000)
    expect(history.latest('pi')).toBeUndefined()
    history.record('pi', t0 + 20_000, { cpu: 30 })
    expect(history.series('pi', ['cpu'], '15m', t0 + 20_000).cpu!.points).toEqual([
      [t0, 10],
      [t0 + 10_000, NaN],
      [t0 + 20_000, 30]
    ])
    expect(history.latest('pi')).toEqual({ cpu: 30 })
  })

  it('gives no points for a key or a target it never saw', () => {
    const history = new MetricsHistory(open())
    history.record('pi', t0, { cpu: 10 })
    expect(history.series('pi', ['temp'], '1h', t0)).toEqual({ temp: { points: [] } })
    expect(history.series('nas', ['cpu'], '15m', t0)).toEqual({ cpu: { points: [] } })
    expect(history.series('nas', ['cpu'], '7d', t0)).toEqual({ cpu: { points: [], min: [], max: [] } })
    expect(history.latest('nas')).toBeUndefined()
  })

  it('caps the series of one target, never at the cost of CPU or memory', () => {
    const db = open()
    const history = new MetricsHistory(db)
    const mounts = (from: number) => Object.fromEntries(Array.from({ length: 500 }, (_, i) => [`disk:/mnt/m${from + i}`, i]))
    history.record('nas', t0, { ...mounts(0), cpu: 5, mem: 60 })
    expect(history.stats()).toEqual({ targets: 1, series: 64 })
    expect(Object.keys(history.latest('nas')!)).toHaveLength(64)
    expect(history.latest('nas')).toMatchObject({ cpu: 5, mem: 60, 'disk:/mnt/m0': 0 })
    expect(history.series('nas', ['disk:/mnt/m499'], '15m', t0)['disk:/mnt/m499']!.points).toEqual([])
    history.flush()
    expect(db.prepare('SELECT count(*) AS n FROM metric_rollups').get()).toEqual({ n: 64 })

    // Mounts that come and go: new ones take the place of those no longer reported.
    history.record('nas', t0 + 10_000, { ...mounts(1000), cpu: 6, mem: 61 })
    expect(history.stats()).toEqual({ targets: 1, series: 64 })
    expect(history.latest('nas')).toMatchObject({ cpu: 6, 'disk:/mnt/m1000': 0 })
    expect(history.series('nas', ['cpu'], '15m', t0 + 10_000).cpu!.points).toHaveLength(2)
  })

  it('forgets the live data of a target that left the inventory, keeping its rollups', () => {
    const history = new MetricsHistory(open())
    poll(history, 'pi', t0, 12, 10_000)
    poll(history, 'nas', t0, 12, 10_000)
    expect(history.stats()).toEqual({ targets: 2, series: 4 })
    history.forget('pi')
    expect(history.stats()).toEqual({ targets: 1, series: 2 })
    expect(history.latest('pi')).toBeUndefined()
    const now = t0 + 2 * minute
    // Live data gone, the live range falls back on the rollups: the means of 0…5 and 6…11.
    expect(history.series('pi', ['cpu'], '15m', now).cpu!.points.filter(([, v]) => Number.isFinite(v))).toEqual([
      [t0, 2.5],
      [t0 + minute, 8.5]
    ])
    // Both minutes, written once closed, fall into one 5-minute bucket: the mean of 0…11.
    expect(history.series('pi', ['cpu'], '24h', now).cpu!.points.filter(([, v]) => Number.isFinite(v))).toEqual([[t0, 5.5]])
  })
})
