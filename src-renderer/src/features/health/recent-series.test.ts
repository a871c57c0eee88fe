import { describe, expect, it } from 'vitest'
import { appendRecent, mergeRecent, recentCap, recentWindowMs } from './recent-series'

const now = 50_000_000

describe('mergeRecent', () => {
  it('keeps the fetched history and the live points that came after it', () => {
    const merged = mergeRecent(
      { cpu: { points: [[now - 30_000, 1], [now - 20_000, 2]] } },
      { cpu: [[now - 20_000, 9], [now - 10_000, 3]] },
      ['cpu', 'mem'],
      now
    )
    expect(merged).toEqual({ cpu: [[now - 30_000, 1], [now - 20_000, 2], [now - 10_000, 3]], mem: [] })
  })

  it('drops what is older than the window and keeps at most the cap, newest last', () => {
    const points = Array.from({ length: recentCap + 50 }, (_, index): [number, number] => [now - (recentCap + 50 - index) * 1_000, index])
    const merged = mergeRecent({ cpu: { points: [[now - recentWindowMs - 1, 0], ...points] } }, undefined, ['cpu'], now)
    expect(merged.cpu).toHaveLength(recentCap)
    expect(merged.cpu?.at(-1)).toEqual(points.at(-1))
  })
})

describe('appendRecent', () => {
  it('adds a finite sample after the last point and ignores the rest', () => {
    const held = { cpu: [[now - 10_000, 1]] as [number, number][] }
    const next = appendRecent(held, now, { cpu: 2, mem: Number.NaN }, ['cpu', 'mem', 'temp'], now)
    expect(next).toEqual({ cpu: [[now - 10_000, 1], [now, 2]] })
  })

  it('returns what it was given when nothing is new', () => {
    const held = { cpu: [[now, 1]] as [number, number][] }
    expect(appendRecent(held, now, { cpu: 5 }, ['cpu'], now)).toBe(held)
    expect(appendRecent(held, now + 1, {}, ['cpu'], now)).toBe(held)
  })
})
