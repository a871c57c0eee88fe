import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { StreamEnd } from '../../../../src-shared/ollama'
import { setApi } from '../../api/api'
import { RequestFailure } from '../../api/client'
import { fakeClient } from '../../testing/fake-client'
import { useStreamsStore } from './streams-store'

const stats = { timeToFirstTokenMs: 50, tokensPerSecond: 200, promptTokens: 4, outputTokens: 3, totalMs: 70, loadMs: null }
const end = (streamId: string, text: string): StreamEnd => ({ streamId, status: 'complete', text, error: null, errorKind: null, stats })

let frames: FrameRequestCallback[] = []
const frame = () => frames.splice(0).forEach((callback) => callback(0))

beforeEach(() => {
  vi.useFakeTimers()
  frames = []
  vi.stubGlobal('requestAnimationFrame', (callback: FrameRequestCallback) => frames.push(callback))
  useStreamsStore.setState({ streams: {}, ended: [] })
})
afterEach(() => {
  vi.useRealTimers()
  vi.unstubAllGlobals()
})

describe('useStreamsStore', () => {
  it('appends the deltas of every stream in ONE store update per animation frame', () => {
    const fake = fakeClient({})
    setApi(fake.client)
    const stop = useStreamsStore.getState().start()
    let updates = 0
    const unsubscribe = useStreamsStore.subscribe(() => updates++)
    for (const [streamId, text] of [['s1', 'The '], ['s2', 'Une '], ['s1', 'quick '], ['s3', '#'], ['s2', 'réponse'], ['s1', 'fox']]) {
      fake.emit('ollama.stream.delta', { streamId, text, thinking: '' })
    }
    expect(updates).toBe(0)
    frame()
    expect(updates).toBe(1)
    const { streams } = useStreamsStore.getState()
    expect([streams.s1?.text, streams.s2?.text, streams.s3?.text]).toEqual(['The quick fox', 'Une réponse', '#'])
    expect(streams.s1?.status).toBe('streaming')
    fake.emit('ollama.stream.delta', { streamId: 's1', text: ' jumps', thinking: '' })
    frame()
    expect(updates).toBe(2)
    expect(useStreamsStore.getState().streams.s1?.text).toBe('The quick fox jumps')
    unsubscribe()
    stop()
  })

  it('still applies deltas when no frame comes (a hidden window)', () => {
    const fake = fakeClient({})
    setApi(fake.client)
    const stop = useStreamsStore.getState().start()
    fake.emit('ollama.stream.delta', { streamId: 's1', text: 'hidden', thinking: 'why' })
    vi.advanceTimersByTime(100)
    expect(useStreamsStore.getState().streams.s1).toMatchObject({ text: 'hidden', thinking: 'why' })
    stop()
  })

  it('finalises a stream with its end, and resolves whoever waits for it', async () => {
    const fake = fakeClient({})
    setApi(fake.client)
    const stop = useStreamsStore.getState().start()
    fake.emit('ollama.stream.delta', { streamId: 's7', text: 'Hi', thinking: '' })
    frame()
    const ended = useStreamsStore.getState().whenEnded('s7')
    fake.emit('ollama.stream.end', end('s7', 'Hi there.'))
    frame()
    await expect(ended).resolves.toEqual({ text: 'Hi there.', thinking: '', status: 'complete', error: null, errorKind: null, stats })
    await expect(useStreamsStore.getState().whenEnded('s7')).resolves.toMatchObject({ status: 'complete' })
    stop()
    fake.emit('ollama.stream.delta', { streamId: 's8', text: 'after stop', thinking: '' })
    frame()
    expect(useStreamsStore.getState().streams.s8).toBeUndefined()
  })

  it('asks the core to stop an answer, and stops waiting itself when the core cannot be told', async () => {
    const fake = fakeClient({ 'ollama.stop': () => ({}) })
    setApi(fake.client)
    await useStreamsStore.getState().stop('s2')
    expect(fake.calls).toEqual([{ name: 'ollama.stop', input: { streamId: 's2' } }])

    const lost = fakeClient({
      'ollama.stop': () => {
        throw new RequestFailure('ollama.stop', { code: 'failed', message: 'no stream s2' })
      }
    })
    setApi(lost.client)
    const stop = useStreamsStore.getState().start()
    lost.emit('ollama.stream.delta', { streamId: 's2', text: 'partial', thinking: '' })
    frame()
    lost.emit('ollama.stream.delta', { streamId: 's2', text: ' text', thinking: '' })
    await useStreamsStore.getState().stop('s2')
    frame()
    expect(useStreamsStore.getState().streams.s2).toMatchObject({
      text: 'partial text',
      status: 'interrupted',
      error: 'could not stop the answer: no stream s2'
    })
    stop()
  })

  it('joins a stream late from a stored snapshot without doubling the text waiting for the frame', () => {
    const fake = fakeClient({})
    setApi(fake.client)
    const stop = useStreamsStore.getState().start()
    fake.emit('ollama.stream.delta', { streamId: 's5', text: 'two ', thinking: '' })
    useStreamsStore.getState().seed('s5', { text: 'one two ', thinking: '', status: 'streaming', error: null, errorKind: null, stats: null })
    fake.emit('ollama.stream.delta', { streamId: 's5', text: 'three', thinking: '' })
    frame()
    expect(useStreamsStore.getState().streams.s5?.text).toBe('one two three')
    stop()
  })

  it('shows the whole answer of a conversation opened mid-answer, not only the deltas seen since the page started', () => {
    const fake = fakeClient({})
    setApi(fake.client)
    const stop = useStreamsStore.getState().start()
    // The page started while the answer was under way: it saw only its later deltas.
    fake.emit('ollama.stream.delta', { streamId: 's6', text: 'three ', thinking: '' })
    frame()
    fake.emit('ollama.stream.delta', { streamId: 's6', text: 'four ', thinking: '' })
    // Opening the conversation brings the stored snapshot, which holds every delta sent before it.
    useStreamsStore.getState().seed('s6', { text: 'one two three four ', thinking: '', status: 'streaming', error: null, errorKind: null, stats: null })
    fake.emit('ollama.stream.delta', { streamId: 's6', text: 'five', thinking: '' })
    frame()
    expect(useStreamsStore.getState().streams.s6?.text).toBe('one two three four five')

    fake.emit('ollama.stream.end', end('s6', 'one two three four five.'))
    frame()
    useStreamsStore.getState().seed('s6', { text: 'stale', thinking: '', status: 'streaming', error: null, errorKind: null, stats: null })
    expect(useStreamsStore.getState().streams.s6).toMatchObject({ text: 'one two three four five.', status: 'complete' })
    stop()
  })

  it("keeps the core's end when a stop fails because the answer just ended", async () => {
    const fake: ReturnType<typeof fakeClient> = fakeClient({
      'ollama.stop': () => {
        // The end went out before the stop arrived: it reaches the page first.
        fake.emit('ollama.stream.end', end('s4', 'All of it.'))
        throw new RequestFailure('ollama.stop', { code: 'failed', message: 'the answer s4 is no longer streaming' })
      }
    })
    setApi(fake.client)
    const stop = useStreamsStore.getState().start()
    fake.emit('ollama.stream.delta', { streamId: 's4', text: 'All', thinking: '' })
    frame()
    await useStreamsStore.getState().stop('s4')
    frame()
    expect(useStreamsStore.getState().streams.s4).toMatchObject({ text: 'All of it.', status: 'complete', error: null })
    stop()
  })

  it('forgets ended streams on request, never one still streaming', () => {
    const fake = fakeClient({})
    setApi(fake.client)
    const stop = useStreamsStore.getState().start()
    fake.emit('ollama.stream.delta', { streamId: 's1', text: 'a', thinking: '' })
    fake.emit('ollama.stream.end', end('s2', 'b'))
    frame()
    useStreamsStore.getState().forget(['s1', 's2'])
    expect(Object.keys(useStreamsStore.getState().streams)).toEqual(['s1'])
    expect(useStreamsStore.getState().ended).toEqual([])
    stop()
  })
})
