import { describe, expect, it } from 'vitest'
import { createAckBatcher } from './ack-batcher'

function setup() {
  const sent: Array<[string, number]> = []
  const flushes: Array<() => void> = []
  const batcher = createAckBatcher(
    (terminalId, length) => sent.push([terminalId, length]),
    (flush) => flushes.push(flush)
  )
  return { sent, flushes, batcher, flush: () => flushes.shift()?.() }
}

describe('createAckBatcher', () => {
  it('sends nothing before the flush, then one sum per terminal', () => {
    const { sent, flushes, batcher, flush } = setup()
    batcher.add('t1', 100)
    batcher.add('t2', 5)
    batcher.add('t1', 20)
    expect(sent).toEqual([])
    expect(flushes).toHaveLength(1)
    flush()
    expect(sent).toEqual([
      ['t1', 120],
      ['t2', 5]
    ])
  })

  it('schedules again after a flush, and not for empty chunks', () => {
    const { sent, flushes, batcher, flush } = setup()
    batcher.add('t1', 0)
    expect(flushes).toHaveLength(0)
    batcher.add('t1', 1)
    flush()
    batcher.add('t1', 2)
    expect(flushes).toHaveLength(1)
    flush()
    expect(sent).toEqual([
      ['t1', 1],
      ['t1', 2]
    ])
  })

  it('forgets a closed terminal', () => {
    const { sent, batcher, flush } = setup()
    batcher.add('t1', 10)
    batcher.add('t2', 10)
    batcher.forget('t1')
    flush()
    expect(sent).toEqual([['t2', 10]])
  })

  it('keeps every ack within the contract limit', () => {
    const { sent, batcher, flush } = setup()
    const limit = 1 << 30
    batcher.add('t1', limit)
    batcher.add('t1', limit)
    batcher.add('t1', 7)
    flush()
    expect(sent).toEqual([
      ['t1', limit],
      ['t1', limit],
      ['t1', 7]
    ])
  })
})
