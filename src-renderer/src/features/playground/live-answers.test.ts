import { describe, expect, it } from 'vitest'
import type { StreamEnd } from '../../../../src-shared/ollama'
import { applyPending, createStreamQueue, type LiveAnswers, type PendingStream } from './live-answers'

const stats = { timeToFirstTokenMs: 80, tokensPerSecond: 42, promptTokens: 9, outputTokens: 30, totalMs: 900, loadMs: 5 }
const end = (streamId: string, text: string, status: StreamEnd['status'] = 'complete'): StreamEnd => ({
  streamId,
  status,
  text,
  error: null,
  errorKind: null,
  stats
})

function frames() {
  const waiting: (() => void)[] = []
  const applied: ReadonlyMap<string, PendingStream>[] = []
  let state: LiveAnswers = { streams: {}, ended: [] }
  const queue = createStreamQueue(
    (flush) => waiting.push(flush),
    (pending) => {
      applied.push(pending)
      state = applyPending(state, pending)
    }
  )
  return { queue, waiting, applied, state: () => state, frame: () => waiting.splice(0).forEach((flush) => flush()) }
}

describe('the stream queue', () => {
  it('applies every delta of every stream in one update per frame', () => {
    const run = frames()
    run.queue.delta({ streamId: 's1', text: 'Hel', thinking: '' })
    run.queue.delta({ streamId: 's2', text: 'Bon', thinking: 'hmm' })
    run.queue.delta({ streamId: 's1', text: 'lo', thinking: '' })
    expect(run.waiting).toHaveLength(1)
    expect(run.queue.pendingText('s1')).toBe('Hello')
    run.frame()
    expect(run.applied).toHaveLength(1)
    expect(run.state().streams.s1).toMatchObject({ text: 'Hello', status: 'streaming' })
    expect(run.state().streams.s2).toMatchObject({ text: 'Bon', thinking: 'hmm' })
    run.queue.delta({ streamId: 's2', text: 'jour', thinking: '' })
    run.frame()
    expect(run.applied).toHaveLength(2)
    expect(run.state().streams.s2?.text).toBe('Bonjour')
  })

  it('finalises a stream with the text its end carries, and ignores anything after the end', () => {
    const run = frames()
    run.queue.delta({ streamId: 's1', text: 'Hi', thinking: '' })
    run.frame()
    run.queue.delta({ streamId: 's1', text: ' there', thinking: '' })
    run.queue.end(end('s1', 'Hi there!'))
    run.queue.delta({ streamId: 's1', text: 'late', thinking: '' })
    run.frame()
    expect(run.state().streams.s1).toEqual({ text: 'Hi there!', thinking: '', status: 'complete', error: null, errorKind: null, stats })
    expect(run.state().ended).toEqual(['s1'])
    run.queue.delta({ streamId: 's1', text: 'later still', thinking: '' })
    run.frame()
    expect(run.state().streams.s1?.text).toBe('Hi there!')
  })

  it('keeps the partial text of an interrupted answer as its end gives it', () => {
    const run = frames()
    run.queue.end({ ...end('s3', 'Half an ans', 'interrupted'), error: 'the stream was cut', stats: { ...stats, tokensPerSecond: null } })
    run.frame()
    expect(run.state().streams.s3).toMatchObject({ text: 'Half an ans', status: 'interrupted', error: 'the stream was cut' })
  })
})

describe('applyPending', () => {
  it('forgets the oldest ended streams past the limit, never a streaming one', () => {
    let state: LiveAnswers = { streams: {}, ended: [] }
    const pending = (entries: [string, PendingStream][]) => new Map(entries)
    state = applyPending(state, pending([['s9', { text: 'live', thinking: '', end: null }]]), 2)
    for (const id of ['s1', 's2', 's3']) state = applyPending(state, pending([[id, { text: '', thinking: '', end: end(id, id) }]]), 2)
    expect(Object.keys(state.streams).sort()).toEqual(['s2', 's3', 's9'])
    expect(state.ended).toEqual(['s2', 's3'])
  })

  it('returns the same state when nothing arrived', () => {
    const state: LiveAnswers = { streams: {}, ended: [] }
    expect(applyPending(state, new Map())).toBe(state)
  })
})
