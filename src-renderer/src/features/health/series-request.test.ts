import { describe, expect, it } from 'vitest'
import type { SeriesReply } from '../../../../src-shared/health'
import { mergeReplies } from './series-request'

const reply = (overrides: Partial<SeriesReply>): SeriesReply => ({ from: 0, to: 100, source: 'console', series: {}, error: null, ...overrides })

describe('mergeReplies', () => {
  it('puts the series of every group side by side over the widest span', () => {
    const merged = mergeReplies([
      reply({ from: 10, series: { cpu: { points: [[10, 1]] } } }),
      reply({ to: 120, series: { 'disk:/': { points: [[20, 2]] } } })
    ])
    expect(merged).toEqual(reply({ from: 0, to: 120, series: { cpu: { points: [[10, 1]] }, 'disk:/': { points: [[20, 2]] } } }))
  })

  it('keeps each distinct error once', () => {
    const down = 'Prometheus at http://127.0.0.1:9090 did not answer'
    expect(mergeReplies([reply({ source: 'prometheus', error: down }), reply({ error: down })])?.error).toBe(down)
    expect(mergeReplies([reply({}), reply({ error: 'b' })])?.error).toBe('b')
  })

  it('is null for no reply at all', () => {
    expect(mergeReplies([])).toBeNull()
  })
})
