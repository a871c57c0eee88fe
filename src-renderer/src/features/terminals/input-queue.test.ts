import { describe, expect, it } from 'vitest'
import { createInputQueue, maxInputLength, splitInput } from './input-queue'

describe('splitInput', () => {
  it('keeps short input whole and cuts long input into pieces of at most the limit', () => {
    expect(splitInput('ls -la\r')).toEqual(['ls -la\r'])
    const big = 'x'.repeat(maxInputLength * 2 + 10)
    const pieces = splitInput(big)
    expect(pieces.map((piece) => piece.length)).toEqual([maxInputLength, maxInputLength, 10])
    expect(pieces.join('')).toBe(big)
  })

  it('never cuts a surrogate pair in two', () => {
    const text = `ab😀cd`
    const pieces = splitInput(text, 3)
    expect(pieces).toEqual(['ab', '😀c', 'd'])
    expect(pieces.join('')).toBe(text)
  })

  it('has no pieces for empty input', () => {
    expect(splitInput('')).toEqual([])
  })
})

/** A send that resolves when the test says so, recording what was sent. */
function manualSend() {
  const sent: string[] = []
  const resolvers: Array<(value?: unknown) => void> = []
  const rejecters: Array<(error: unknown) => void> = []
  return {
    sent,
    send: (data: string) =>
      new Promise((resolve, reject) => {
        sent.push(data)
        resolvers.push(resolve)
        rejecters.push(reject)
      }),
    resolveNext: async () => {
      resolvers.shift()?.()
      rejecters.shift()
      await new Promise((resolve) => setTimeout(resolve, 0))
    },
    rejectNext: async (error: unknown) => {
      resolvers.shift()
      rejecters.shift()?.(error)
      await new Promise((resolve) => setTimeout(resolve, 0))
    }
  }
}

describe('createInputQueue', () => {
  it('sends one request at a time and coalesces keys typed meanwhile', async () => {
    const wire = manualSend()
    const queue = createInputQueue(wire.send, () => undefined)
    queue.push('l')
    queue.push('s')
    queue.push('\r')
    expect(wire.sent).toEqual(['l'])
    await wire.resolveNext()
    expect(wire.sent).toEqual(['l', 's\r'])
    await wire.resolveNext()
    expect(wire.sent).toEqual(['l', 's\r'])
  })

  it('sends a big paste in pieces within the limit, in order', async () => {
    const wire = manualSend()
    const queue = createInputQueue(wire.send, () => undefined, 4)
    queue.push('0123456789')
    for (let i = 0; i < 3; i += 1) await wire.resolveNext()
    expect(wire.sent).toEqual(['0123', '4567', '89'])
  })

  it('drops what waits after a failed request and reports the error once', async () => {
    const wire = manualSend()
    const errors: unknown[] = []
    const queue = createInputQueue(wire.send, (error) => errors.push(error))
    queue.push('a')
    queue.push('b')
    await wire.rejectNext(new Error('not open'))
    expect(errors).toHaveLength(1)
    expect(wire.sent).toEqual(['a'])
    queue.push('c')
    expect(wire.sent).toEqual(['a', 'c'])
  })

  it('clear drops what waits', async () => {
    const wire = manualSend()
    const queue = createInputQueue(wire.send, () => undefined)
    queue.push('a')
    queue.push('b')
    queue.clear()
    await wire.resolveNext()
    expect(wire.sent).toEqual(['a'])
  })
})
