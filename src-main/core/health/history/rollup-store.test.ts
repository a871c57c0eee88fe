import { describe, expect, it } from 'vitest'
import { useTempDatabase } from '../../../testing/temp-database'
import type { StoreDatabase } from '../../store/database'
import { RollupStore } from './rollup-store'

const minute = 60_000
/** A Monday 00:00 UTC: a day starts on a bucket boundary of every width. */
const t0 = Date.UTC(2025, 0, 6)

const { open } = useTempDatabase()

function rows(db: StoreDatabase): unknown[] {
  return db.prepare('SELECT target, key, minute, min, max, sum, count FROM metric_rollups ORDER BY target, key, minute').all()
}

describe('RollupStore', () => {
  it('keeps a minute in memory until it closes, then writes min, max, sum and count', () => {
    const db = open()
    const store = new RollupStore(db)
    store.add('pi', t0 + 5_000, { cpu: 10, mem: 50 })
    store.add('pi', t0 + 35_000, { cpu: 30 })
    expect(rows(db)).toEqual([])
    store.add('pi', t0 + minute, { cpu: 99 })
    const m = t0 / minute
    expect(rows(db)).toEqual([
      { target: 'pi', key: 'cpu', minute: m, min: 10, max: 30, sum: 40, count: 2 },
      { target: 'pi', key: 'mem', minute: m, min: 50, max: 50, sum: 50, count: 1 }
    ])
  })

  it('writes closed minutes on flush, and the open one only on flushAll', () => {
    const db = open()
    const store = new RollupStore(db)
    store.add('pi', t0, { cpu: 1 })
    store.flush(t0 + 59_999)
    expect(rows(db)).toHaveLength(0)
    store.flush(t0 + minute)
    expect(rows(db)).toHaveLength(1)
    store.add('pi', t0 + minute, { cpu: 2 })
    store.flushAll()
    expect(rows(db)).toHaveLength(2)
  })

  it('survives a reopen, and merges a minute written again after the restart', () => {
    const before = open()
    const first = new RollupStore(before)
    first.add('pi/minecraft', t0 + 1000, { latency: 20, players: 3 })
    first.flushAll()
    before.close()

    const store = new RollupStore(open())
    store.add('pi/minecraft', t0 + 50_000, { latency: 40 })
    store.flushAll()
    expect(store.range('pi/minecraft', 'latency', t0, t0 + 59_000)).toEqual([[t0, 30, 20, 40]])
    expect(store.range('pi/minecraft', 'players', t0, t0 + 59_000)).toEqual([[t0, 3, 3, 3]])
  })

  it('merges a late sample into a minute already written', () => {
    const store = new RollupStore(open())
    store.add('pi', t0 + 10_000, { cpu: 5 })
    store.add('pi', t0 + minute, { cpu: 7 })
    store.add('pi', t0 + 59_000, { cpu: 1 })
    store.flush(t0 + 2 * minute)
    expect(store.range('pi', 'cpu', t0, t0 + minute)).toEqual([
      [t0, 3, 1, 5],
      [t0 + minute, 7, 7, 7]
    ])
  })

  it('answers a day of minutes in at most 400 points with the right min, max and mean', () => {
    const store = new RollupStore(open())
    // Six polls a minute; in minute i they read i, i+1 … i+5.
    for (let i = 0; i < 1440; i++) {
      for (let j = 0; j < 6; j++) store.add('pi', t0 + i * minute + j * 10_000, { cpu: i + j })
    }
    store.flushAll()
    const day = store.range('pi', 'cpu', t0, t0 + 1440 * minute - 1)
    expect(day.length).toBeLessThanOrEqual(400)
    // 5-minute buckets: bucket k holds minutes 5k…5k+4, so it spans 5k…5k+9 with mean 5k+4.5.
    expect(day).toHaveLength(288)
    day.forEach(([t, avg, min, max], k) => {
      expect(t).toBe(t0 + 5 * k * minute)
      expect([avg, min, max]).toEqual([5 * k + 4.5, 5 * k, 5 * k + 9])
    })
  })

  it('answers seven days in 30-minute buckets, a bucket without data as a gap', () => {
    const store = new RollupStore(open())
    for (let i = 0; i < 7 * 1440; i += 10) if (i < 1440 || i >= 2 * 1440) store.add('pi', t0 + i * minute, { temp: 40 + (i % 30) })
    store.flushAll()
    const week = store.range('pi', 'temp', t0, t0 + 7 * 1440 * minute - 1)
    expect(week).toHaveLength(336)
    expect(week.every(([t], k) => t === t0 + k * 30 * minute)).toBe(true)
    // Minutes 0, 10, 20 of each half hour read 40, 50, 60.
    expect(week[0]).toEqual([t0, 50, 40, 60])
    const secondDay = week.slice(48, 96)
    expect(secondDay.every((point) => point.slice(1).every(Number.isNaN))).toBe(true)
    expect(week.filter(([, avg]) => Number.isNaN(avg))).toHaveLength(48)
  })

  it('never returns more than maxPoints, whatever the span', () => {
    const store = new RollupStore(open())
    store.add('pi', t0, { cpu: 1 })
    store.flushAll()
    for (const [span, maxPoints] of [
      [90 * minute, 400],
      [1441 * minute, 400],
      [7 * 1440 * minute + 7 * minute, 400],
      [365 * 1440 * minute, 400],
      [1440 * minute, 10],
      [1440 * minute, 3]
    ] as const) {
      const points = store.range('pi', 'cpu', t0 - span / 2, t0 + span / 2, maxPoints)
      expect(points.length).toBeGreaterThan(0)
      expect(points.length).toBeLessThanOrEqual(maxPoints)
    }
  })

  it('returns nothing for a series without data or a window that ends before it starts', () => {
    const store = new RollupStore(open())
    store.add('pi', t0, { cpu: 1 })
    store.flushAll()
    expect(store.range('pi', 'mem', t0, t0 + minute)).toEqual([])
    expect(store.range('other', 'cpu', t0, t0 + minute)).toEqual([])
    expect(store.range('pi', 'cpu', t0 + minute, t0)).toEqual([])
  })

  it('skips values that are not numbers it can keep', () => {
    const db = open()
    const store = new RollupStore(db)
    store.add('pi', t0, { cpu: NaN, mem: Infinity, temp: 41 })
    store.flushAll()
    expect(rows(db)).toEqual([{ target: 'pi', key: 'temp', minute: t0 / minute, min: 41, max: 41, sum: 41, count: 1 }])
  })

  it('prunes minutes older than seven days as new ones are written', () => {
    const db = open()
    const store = new RollupStore(db)
    store.add('pi', t0, { cpu: 1 })
    store.add('pi', t0 + minute, { cpu: 2 })
    const weekLater = t0 + 7 * 1440 * minute
    store.add('pi', weekLater, { cpu: 3 })
    expect(store.range('pi', 'cpu', t0, t0 + minute)).toEqual([
      [t0, 1, 1, 1],
      [t0 + minute, 2, 2, 2]
    ])
    store.add('pi', weekLater + minute, { cpu: 4 })
    expect(store.range('pi', 'cpu', t0, t0 + minute)).toEqual([
      [t0, NaN, NaN, NaN],
      [t0 + minute, 2, 2, 2]
    ])
  })
})
