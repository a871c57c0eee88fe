import { describe, expect, it } from 'vitest'
import type { Point } from '../../../../src-shared/health'
import { bandColumn, hasData, median, shapeSeries, toChartRows, valueAt, valueColumn } from './chart-data'

/** Points every `step` ms from `start`, with the given values. */
function every(start: number, step: number, values: readonly number[]): Point[] {
  return values.map((value, index) => [start + index * step, value])
}

describe('median', () => {
  it('takes the middle value, or the mean of the two middle ones', () => {
    expect(median([])).toBeNull()
    expect(median([5, 1, 3])).toBe(3)
    expect(median([4, 1, 3, 10])).toBe(3.5)
  })
})

describe('shapeSeries', () => {
  it('keeps a regular series in one stretch', () => {
    const shaped = shapeSeries(every(0, 10, [1, 2, 3, 4, 5]))
    expect(shaped.stretches).toEqual([every(0, 10, [1, 2, 3, 4, 5])])
    expect(shaped.breaks).toEqual([])
  })

  it('breaks where two points are more than 2.5 median spacings apart, and only there', () => {
    const points: Point[] = [...every(0, 10, [1, 2, 3, 4]), [55, 5], [56, 6], [100, 7], [110, 8]]
    // Spacings 10,10,10,25,1,44,10: median 10; 25 stays joined, 44 breaks.
    const shaped = shapeSeries(points)
    expect(shaped.stretches.map((stretch) => stretch.map(([t]) => t))).toEqual([[0, 10, 20, 30, 55, 56], [100, 110]])
    expect(shaped.breaks).toEqual([78])
  })

  it('treats a null value (no answer) as a gap of its own', () => {
    const shaped = shapeSeries([[0, 1], [10, null], [20, 3], [30, 4]])
    expect(shaped.stretches.map((stretch) => stretch.map(([t]) => t))).toEqual([[0], [20, 30]])
    expect(shaped.breaks).toEqual([10])
  })

  it('treats a non-finite value like a null', () => {
    const shaped = shapeSeries([[0, 1], [10, 2], [20, Number.NaN], [30, 4]])
    expect(shaped.stretches.map((stretch) => stretch.map(([t]) => t))).toEqual([[0, 10], [30]])
    expect(shaped.breaks).toEqual([20])
  })

  it('sorts points and keeps the last of duplicate times', () => {
    const shaped = shapeSeries([[20, 3], [0, 1], [10, 2], [10, 9]])
    expect(shaped.stretches).toEqual([[[0, 1], [10, 9], [20, 3]]])
  })
})

describe('valueAt', () => {
  const shaped = shapeSeries([...every(0, 10, [0, 10, 20]), ...every(100, 10, [5, 5])])
  it('reads a point, interpolates inside a stretch, and gives null outside every stretch', () => {
    expect(valueAt(shaped, 10)).toBe(10)
    expect(valueAt(shaped, 15)).toBe(15)
    expect(valueAt(shaped, 60)).toBeNull()
    expect(valueAt(shaped, 105)).toBe(5)
    expect(valueAt(shaped, -1)).toBeNull()
    expect(valueAt(shaped, 111)).toBeNull()
  })
})

describe('toChartRows', () => {
  it('makes one row per point with the value in a dot-free column', () => {
    const rows = toChartRows({ 'net.rx': { points: every(1000, 10, [1, 2]) } }, ['net.rx'])
    expect(rows).toEqual([
      { t: 1000, [valueColumn(0)]: 1 },
      { t: 1010, [valueColumn(0)]: 2 }
    ])
  })

  it('keeps a null point of the reply as a null row', () => {
    const rows = toChartRows({ cpu: { points: [[0, 1], [10, 2], [20, null], [30, 4], [40, 5]] } }, ['cpu'])
    expect(rows.map((row) => [row.t, row[valueColumn(0)]])).toEqual([
      [0, 1],
      [10, 2],
      [20, null],
      [30, 4],
      [40, 5]
    ])
  })

  it('inserts a null row inside a gap so the line stops there', () => {
    const points: Point[] = [...every(0, 10, [1, 2, 3]), ...every(200, 10, [4, 5])]
    const rows = toChartRows({ cpu: { points } }, ['cpu'])
    expect(rows.map((row) => [row.t, row[valueColumn(0)]])).toEqual([
      [0, 1],
      [10, 2],
      [20, 3],
      [110, null],
      [200, 4],
      [210, 5]
    ])
  })

  it('fills a series between its own points where another series has a time it lacks', () => {
    const rows = toChartRows(
      {
        'net.rx': { points: [[0, 0], [20, 20], [40, 40]] },
        'net.tx': { points: [[0, 5], [30, 8], [40, 9]] }
      },
      ['net.rx', 'net.tx']
    )
    expect(rows.map((row) => [row.t, row[valueColumn(0)], row[valueColumn(1)]])).toEqual([
      [0, 0, 5],
      [20, 20, 7],
      [30, 30, 8],
      [40, 40, 9]
    ])
  })

  it('leaves a series empty outside its own span and for a key the reply lacks', () => {
    const rows = toChartRows({ cpu: { points: every(0, 10, [1, 2, 3, 4]) }, temp: { points: every(20, 10, [50, 51]) } }, ['cpu', 'temp', 'mem'])
    expect(rows.map((row) => [row.t, row[valueColumn(1)], row[valueColumn(2)]])).toEqual([
      [0, null, null],
      [10, null, null],
      [20, 50, null],
      [30, 51, null]
    ])
  })

  it('adds the min/max band of a rollup as [low, high], null where it has a gap', () => {
    const rows = toChartRows(
      {
        cpu: {
          points: [[0, 5], [60, 7], [120, 6], [600, 4]],
          min: [[0, 1], [60, 2], [120, 3], [600, 1]],
          max: [[0, 9], [60, 30], [120, 8], [600, 9]]
        }
      },
      ['cpu']
    )
    expect(rows.map((row) => [row.t, row[valueColumn(0)], row[bandColumn(0)]])).toEqual([
      [0, 5, [1, 9]],
      [60, 7, [2, 30]],
      [120, 6, [3, 8]],
      [360, null, null],
      [600, 4, [1, 9]]
    ])
  })

  it('gives no band column to a series without one', () => {
    const [row] = toChartRows({ cpu: { points: [[0, 1]] } }, ['cpu'])
    expect(row).toEqual({ t: 0, [valueColumn(0)]: 1 })
  })

  it('survives garbage: empty series, non-finite times, nothing at all', () => {
    expect(toChartRows({}, ['cpu'])).toEqual([])
    expect(toChartRows({ cpu: { points: [[Number.NaN, 1], [5, 2]] } }, ['cpu'])).toEqual([{ t: 5, [valueColumn(0)]: 2 }])
  })
})

describe('hasData', () => {
  it('is true only when a key has a finite value', () => {
    expect(hasData({ cpu: { points: [[0, Number.NaN], [1, null]] } }, ['cpu'])).toBe(false)
    expect(hasData({ cpu: { points: [] }, mem: { points: [[0, 3]] } }, ['cpu', 'mem'])).toBe(true)
    expect(hasData({}, ['cpu'])).toBe(false)
  })
})
