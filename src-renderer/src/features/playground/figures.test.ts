import { describe, expect, it } from 'vitest'
import { answerFigures } from './figures'
import { formatExpiry, formatProcessor } from './loaded-models'

describe('answerFigures', () => {
  it('reads time to first token, tokens/s, prompt and output tokens', () => {
    const stats = { timeToFirstTokenMs: 123.4, tokensPerSecond: 45.26, promptTokens: 12, outputTokens: 1, totalMs: 2000, loadMs: 3 }
    expect(answerFigures(stats)).toEqual(['first token 123 ms', '45.3 tokens/s', '12 prompt tokens', '1 output token'])
    expect(answerFigures({ ...stats, tokensPerSecond: 212.4, loadMs: 2500 })).toContain('212 tokens/s')
    expect(answerFigures({ ...stats, loadMs: 2500 })).toContain('model load 2.5 s')
  })

  it('leaves out what the server did not report', () => {
    expect(answerFigures(null)).toEqual([])
    const none = { timeToFirstTokenMs: null, tokensPerSecond: null, promptTokens: null, outputTokens: null, totalMs: null, loadMs: null }
    expect(answerFigures(none)).toEqual([])
    expect(answerFigures({ ...none, outputTokens: 7 })).toEqual(['7 output tokens'])
  })
})

describe('formatExpiry', () => {
  const now = Date.parse('2026-01-01T12:00:00Z')
  it('says when a loaded model unloads, or that it stays', () => {
    expect(formatExpiry('2026-01-01T12:04:10Z', now)).toBe('unloads in 4 min')
    expect(formatExpiry('2026-01-01T12:00:30Z', now)).toBe('unloads in 30 s')
    expect(formatExpiry('2026-01-01T15:00:00Z', now)).toBe('unloads in 3 h')
    expect(formatExpiry('2026-01-01T11:59:00Z', now)).toBe('unloading now')
    expect(formatExpiry(null, now)).toBe('stays loaded')
    expect(formatExpiry('2027-03-01T12:00:00Z', now)).toBe('unloads in 424 d')
    expect(formatExpiry('soon', now)).toBe('unloads at an unknown time')
  })
})

describe('formatProcessor', () => {
  it('splits a loaded model between CPU and GPU like ollama ps', () => {
    expect(formatProcessor(4e9, 4e9)).toBe('100% GPU')
    expect(formatProcessor(4e9, 0)).toBe('100% CPU')
    expect(formatProcessor(4e9, 1e9)).toBe('75%/25% CPU/GPU')
    expect(formatProcessor(0, 0)).toBe('—')
  })
})
