import { describe, expect, it } from 'vitest'
import { RingBuffer } from './ring-buffer'

const t0 = Date.UTC(2025, 0, 6, 12, 0, 0)

function filled(capacity: number, count: number, stepMs = 1000): RingBuffer {
  const ring = new RingBuffer(capacity)
  for (let i = 0; i < count; i++) ring.push(t0 + i * stepMs, i)
  return ring
}

describe('RingBuffer', () => {
  it('reads back what it holds, oldest first', () => {
    const ring = filled(8, 3)
    expect(ring.length).toBe(3)
    expect(ring.window(-Infinity, Infinity)).toEqual([
      [t0, 0],
      [t0 + 1000, 1],
      [t0 + 2000, 2]
    ])
  })

  it('keeps only the newest samples once full, in order across the wrap', () => {
    const ring = filled(4, 10)
    expect(ring.length).toBe(4)
    expect(ring.window(-Infinity, Infinity)).toEqual([6, 7, 8, 9].map((i) => [t0 + i * 1000, i]))
  })

  it('grows as it fills, up to its capacity, keeping every sample in order', () => {
    const ring = filled(200, 150)
    expect(ring.window(-Infinity, Infinity)).toEqual(Array.from({ length: 150 }, (_, i) => [t0 + i * 1000, i]))
    for (let i = 150; i < 450; i++) ring.push(t0 + i * 1000, i)
    expect(ring.length).toBe(200)
    expect(ring.window(-Infinity, Infinity)).toEqual(Array.from({ length: 200 }, (_, i) => [t0 + (i + 250) * 1000, i + 250]))
  })

  it('reads a time window with both ends included, after wrapping', () => {
    const ring = filled(5, 12)
    expect(ring.window(t0 + 8000, t0 + 10_000).map(([, v]) => v)).toEqual([8, 9, 10])
    expect(ring.window(t0 + 8500, t0 + 9500).map(([, v]) => v)).toEqual([9])
    expect(ring.window(t0, t0 + 6000)).toEqual([])
    expect(ring.window(t0 + 20_000, t0 + 30_000)).toEqual([])
  })

  it('holds 15 minutes of samples taken every second at the default capacity', () => {
    const ring = filled(1024, 3600)
    const window = ring.window(t0 + 3599_000 - 15 * 60_000, t0 + 3599_000)
    expect(window).toHaveLength(15 * 60 + 1)
  })

  it('keeps a NaN (a gap) as it is', () => {
    const ring = new RingBuffer(4)
    ring.push(t0, 1)
    ring.push(t0 + 1000, NaN)
    expect(Number.isNaN(ring.window(t0 + 1000, t0 + 1000)[0]![1])).toBe(true)
  })

  it('starts over when time goes back (the clock was set back)', () => {
    const ring = filled(8, 5)
    ring.push(t0 - 60_000, 42)
    expect(ring.window(-Infinity, Infinity)).toEqual([[t0 - 60_000, 42]])
  })

  it('refuses a capacity it cannot hold', () => {
    expect(() => new RingBuffer(0)).toThrow('at least 1')
    expect(() => new RingBuffer(2.5)).toThrow('at least 1')
  })
})
