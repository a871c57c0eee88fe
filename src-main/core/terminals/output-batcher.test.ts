import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { OutputBatcher } from './output-batcher'

function batcher(limits: { highWater?: number; lowWater?: number; maxBatch?: number } = {}) {
  const emitted: string[] = []
  const flow: string[] = []
  const subject = new OutputBatcher({
    emit: (data) => emitted.push(data),
    pause: () => flow.push('pause'),
    resume: () => flow.push('resume'),
    ...limits
  })
  return { subject, emitted, flow }
}

beforeEach(() => vi.useFakeTimers())
afterEach(() => vi.useRealTimers())

describe('OutputBatcher', () => {
  it('sends the first chunk at once and the rest of the frame as one event', () => {
    const { subject, emitted } = batcher()
    for (let i = 0; i < 100; i++) subject.push('ab')
    expect(emitted).toEqual(['ab'])
    vi.advanceTimersByTime(16)
    expect(emitted).toEqual(['ab', 'ab'.repeat(99)])
    expect(subject.sent).toBe(200)
    vi.advanceTimersByTime(16)
    subject.push('c')
    expect(emitted).toEqual(['ab', 'ab'.repeat(99), 'c'])
  })

  it('sends at once when a batch is full, never more than the batch size, never half a surrogate pair', () => {
    const { subject, emitted } = batcher({ maxBatch: 4 })
    subject.push('abc😀de')
    expect(emitted.every((batch) => batch.length <= 4)).toBe(true)
    vi.advanceTimersByTime(16)
    expect(emitted.join('')).toBe('abc😀de')
    expect(emitted[0]).toBe('abc')
  })

  it('sends at once again when the renderer has acknowledged everything', () => {
    const { subject, emitted } = batcher()
    subject.push('a')
    subject.ack(1)
    subject.push('b')
    expect(emitted).toEqual(['a', 'b'])
    subject.push('c')
    expect(emitted).toEqual(['a', 'b'])
  })

  it('pauses the source above the high-water mark and resumes below the low one', () => {
    const { subject, flow } = batcher({ highWater: 10, lowWater: 4, maxBatch: 100 })
    subject.push('x'.repeat(8))
    vi.advanceTimersByTime(16)
    expect(flow).toEqual([])
    subject.push('x'.repeat(8))
    vi.advanceTimersByTime(16)
    expect(flow).toEqual(['pause'])
    expect(subject.isPaused).toBe(true)
    subject.ack(8)
    expect(flow).toEqual(['pause'])
    subject.ack(4)
    expect(flow).toEqual(['pause', 'resume'])
  })

  it('never counts acknowledgements past what was sent', () => {
    const { subject } = batcher()
    subject.push('abc')
    subject.flush()
    subject.ack(3)
    subject.ack(3)
    expect(subject.acked).toBe(3)
  })

  it('lets a re-attached page start from zero unacknowledged output', () => {
    const { subject, flow } = batcher({ highWater: 2, lowWater: 1 })
    subject.push('abcdef')
    subject.flush()
    expect(flow).toEqual(['pause'])
    subject.ackAll()
    expect(flow).toEqual(['pause', 'resume'])
    expect(subject.acked).toBe(subject.sent)
  })
})
