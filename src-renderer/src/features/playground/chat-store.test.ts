import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { ChatMessage, Conversation } from '../../../../src-shared/ollama'
import { setApi } from '../../api/api'
import { RequestFailure } from '../../api/client'
import { fakeClient } from '../../testing/fake-client'
import { useChatStore } from './chat-store'
import { useDraftsStore } from './drafts-store'
import { emptyOptionsForm } from './options-form'
import { useStreamsStore } from './streams-store'

function memoryStorage(): Storage {
  const items = new Map<string, string>()
  return {
    get length() {
      return items.size
    },
    clear: () => items.clear(),
    getItem: (key) => items.get(key) ?? null,
    key: (index) => [...items.keys()][index] ?? null,
    removeItem: (key) => void items.delete(key),
    setItem: (key, value) => void items.set(key, value)
  }
}

const message = (id: number, role: ChatMessage['role'], content: string, streamId: string | null = null): ChatMessage => ({
  id,
  role,
  content,
  thinking: '',
  createdAt: 1000 + id,
  model: role === 'assistant' ? 'tinyllama' : null,
  endpointId: role === 'assistant' ? 'pi-llm/ollama' : null,
  status: streamId ? 'streaming' : 'complete',
  error: null,
  errorKind: null,
  stats: null,
  streamId
})

const stored = (messages: ChatMessage[]): Conversation => ({
  id: 12,
  title: 'Why is the sky blue?',
  endpointId: 'pi-llm/ollama',
  model: 'tinyllama',
  createdAt: 1000,
  updatedAt: 1002,
  messageCount: messages.length,
  system: 'Be brief.',
  options: { temperature: 0.2 },
  messages
})

const initial = useChatStore.getState()
let frames: FrameRequestCallback[] = []
const frame = () => frames.splice(0).forEach((callback) => callback(0))
const flush = () => new Promise((resolve) => setTimeout(resolve, 0))
const typed = (key: string) => useDraftsStore.getState().drafts[key]

beforeEach(() => {
  vi.stubGlobal('localStorage', memoryStorage())
  frames = []
  vi.stubGlobal('requestAnimationFrame', (callback: FrameRequestCallback) => frames.push(callback))
  useChatStore.setState({ ...initial, choice: { endpointId: 'pi-llm/ollama', model: 'tinyllama' }, optionsForm: emptyOptionsForm }, true)
  useDraftsStore.setState({ drafts: {} })
  useStreamsStore.setState({ streams: {}, ended: [] })
})
afterEach(() => vi.unstubAllGlobals())

describe('sending in the chat', () => {
  it('keeps the typed text in the composer, and in storage, when chat.send fails', async () => {
    const fake = fakeClient({
      'chat.send': () => {
        throw new RequestFailure('chat.send', { code: 'disconnected', message: 'the connection to the console was lost' })
      }
    })
    setApi(fake.client)
    useDraftsStore.getState().update('chat:new', { message: 'Why is the sky blue?', system: 'Be brief.' })
    expect(await useChatStore.getState().send()).toBe(false)
    expect(typed('chat:new')).toEqual({ message: 'Why is the sky blue?', system: 'Be brief.' })
    expect(JSON.parse(localStorage.getItem('homelab-console-playground-drafts') ?? '{}')).toEqual({
      'chat:new': { message: 'Why is the sky blue?', system: 'Be brief.' }
    })
    expect(useChatStore.getState()).toMatchObject({ sending: false, sendError: 'Could not send the message: the connection to the console was lost' })
    expect(fake.calls[0]).toEqual({
      name: 'chat.send',
      input: { endpointId: 'pi-llm/ollama', model: 'tinyllama', system: 'Be brief.', options: {}, content: 'Why is the sky blue?' }
    })
  })

  it('does not send into a conversation that has not loaded: its stored system prompt and settings would be overwritten', async () => {
    let answer: (conversation: Conversation) => void = () => undefined
    const fake = fakeClient({ 'chat.get': () => new Promise((resolve) => (answer = resolve)), 'chat.send': () => new Promise(() => undefined) })
    setApi(fake.client)
    useDraftsStore.getState().update('chat:12', { message: 'And at sunset?' })
    const opening = useChatStore.getState().open(12)
    expect(await useChatStore.getState().send()).toBe(false)
    expect(useChatStore.getState().sendError).toBe('The conversation has not loaded yet: send again once it shows.')
    expect(fake.calls.map((call) => call.name)).toEqual(['chat.get'])
    expect(typed('chat:12')?.message).toBe('And at sunset?')

    answer(stored([message(1, 'user', 'Why is the sky blue?'), message(2, 'assistant', 'Rayleigh scattering.')]))
    await opening
    expect(useChatStore.getState().sendError).toBeNull()
    void useChatStore.getState().send()
    await flush()
    expect(fake.calls.at(-1)).toEqual({
      name: 'chat.send',
      input: { conversationId: 12, endpointId: 'pi-llm/ollama', model: 'tinyllama', system: 'Be brief.', options: { temperature: 0.2 }, content: 'And at sunset?' }
    })
  })

  it('says what is missing instead of sending: a model, or valid options', async () => {
    const fake = fakeClient({})
    setApi(fake.client)
    useDraftsStore.getState().update('chat:new', { message: 'Hello' })
    useChatStore.setState({ choice: { endpointId: 'pi-llm/ollama', model: null } })
    expect(await useChatStore.getState().send()).toBe(false)
    expect(useChatStore.getState().sendError).toBe('Choose an endpoint and a model first.')
    useChatStore.setState({ choice: { endpointId: 'pi-llm/ollama', model: 'tinyllama' }, optionsForm: { ...emptyOptionsForm, top_p: '3' } })
    expect(await useChatStore.getState().send()).toBe(false)
    expect(useChatStore.getState().sendError).toBe('Check the options: Top P: a number from 0 to 1.')
    expect(fake.calls).toEqual([])
    expect(typed('chat:new')?.message).toBe('Hello')
  })

  it('names a message too long for the console in the user’s words, keeping it', async () => {
    const fake = fakeClient({})
    setApi(fake.client)
    const pasted = 'log line\n'.repeat(25_000)
    useDraftsStore.getState().update('chat:new', { message: pasted })
    expect(await useChatStore.getState().send()).toBe(false)
    expect(useChatStore.getState().sendError).toBe('Could not send the message. The message is too long: at most 200,000 characters.')
    expect(fake.calls).toEqual([])
    expect(typed('chat:new')?.message).toBe(pasted)
  })

  it('starts a conversation, clears the composer, streams the answer in and keeps its end', async () => {
    const user = message(1, 'user', 'Why is the sky blue?')
    const answer = message(2, 'assistant', '', 's4')
    const fake = fakeClient({
      'chat.send': () => ({ conversationId: 12, userMessage: user, answer }),
      'chat.get': () => stored([user, answer]),
      'chat.list': () => []
    })
    setApi(fake.client)
    const stopStreams = useStreamsStore.getState().start()
    useDraftsStore.getState().update('chat:new', { message: 'Why is the sky blue?', system: 'Be brief.' })
    expect(await useChatStore.getState().send()).toBe(true)
    expect(typed('chat:new')).toBeUndefined()
    expect(typed('chat:12')).toEqual({ message: '', system: 'Be brief.' })
    expect(useChatStore.getState().openId).toBe(12)
    expect(useChatStore.getState().conversation?.messages.map((shown) => shown.id)).toEqual([1, 2])

    fake.emit('ollama.stream.delta', { streamId: 's4', text: 'Rayleigh ', thinking: '' })
    fake.emit('ollama.stream.delta', { streamId: 's4', text: 'scattering', thinking: '' })
    frame()
    expect(useStreamsStore.getState().streams.s4?.text).toBe('Rayleigh scattering')
    const stats = { timeToFirstTokenMs: 90, tokensPerSecond: 30, promptTokens: 20, outputTokens: 2, totalMs: 200, loadMs: null }
    fake.emit('ollama.stream.end', { streamId: 's4', status: 'complete', text: 'Rayleigh scattering.', error: null, errorKind: null, stats })
    frame()
    await flush()
    const kept = useChatStore.getState().conversation?.messages[1]
    expect(kept).toMatchObject({ content: 'Rayleigh scattering.', status: 'complete', stats, streamId: null })
    expect(fake.calls.filter((call) => call.name === 'chat.list').length).toBeGreaterThanOrEqual(2)
    stopStreams()
  })

  it('stops every streaming answer of the open conversation (Stop, Escape) and keeps the text so far', async () => {
    const fake = fakeClient({ 'chat.get': () => stored([message(1, 'user', 'Count to 100'), message(2, 'assistant', '1, 2, 3', 's9')]), 'ollama.stop': () => ({}) })
    setApi(fake.client)
    const stopStreams = useStreamsStore.getState().start()
    await useChatStore.getState().open(12)
    expect(useChatStore.getState().choice).toEqual({ endpointId: 'pi-llm/ollama', model: 'tinyllama' })
    expect(useChatStore.getState().optionsForm.temperature).toBe('0.2')
    expect(useStreamsStore.getState().streams.s9?.text).toBe('1, 2, 3')
    useChatStore.getState().stopStreaming()
    await flush()
    expect(fake.calls.filter((call) => call.name === 'ollama.stop')).toEqual([{ name: 'ollama.stop', input: { streamId: 's9' } }])
    const noFigures = { timeToFirstTokenMs: 80, tokensPerSecond: null, promptTokens: null, outputTokens: null, totalMs: null, loadMs: null }
    fake.emit('ollama.stream.end', { streamId: 's9', status: 'stopped', text: '1, 2, 3, 4', error: null, errorKind: null, stats: noFigures })
    frame()
    await flush()
    expect(useChatStore.getState().conversation?.messages[1]).toMatchObject({ content: '1, 2, 3, 4', status: 'stopped' })
    stopStreams()
  })
})

describe('reading the open conversation again', () => {
  it('fills in the deltas a dropped connection lost, from the stored snapshot', async () => {
    let stored12 = stored([message(1, 'user', 'Count to 100'), message(2, 'assistant', '1, 2, 3', 's9')])
    const fake = fakeClient({ 'chat.get': () => stored12 })
    setApi(fake.client)
    const stopStreams = useStreamsStore.getState().start()
    await useChatStore.getState().open(12)
    fake.emit('ollama.stream.delta', { streamId: 's9', text: ', 4', thinking: '' })
    frame()
    // ", 5" went out while the connection was down; after it comes back the page reads the conversation again.
    stored12 = stored([message(1, 'user', 'Count to 100'), message(2, 'assistant', '1, 2, 3, 4, 5', 's9')])
    await useChatStore.getState().reloadOpen()
    fake.emit('ollama.stream.delta', { streamId: 's9', text: ', 6', thinking: '' })
    frame()
    expect(useStreamsStore.getState().streams.s9?.text).toBe('1, 2, 3, 4, 5, 6')
    stopStreams()
  })
})

describe('after a reload', () => {
  it('opens the conversation that was open, and starts on a new chat when it was deleted since', async () => {
    const fake = fakeClient({ 'chat.list': () => [], 'chat.get': (input) => ((input as { conversationId: number }).conversationId === 12 ? stored([message(1, 'user', 'Why?')]) : Promise.reject(new RequestFailure('chat.get', { code: 'failed', message: 'there is no conversation 7: it was deleted' }))) })
    setApi(fake.client)
    await useChatStore.getState().open(12)
    useChatStore.setState({ ...initial }, true)

    const stop = useChatStore.getState().start()
    await vi.waitFor(() => expect(useChatStore.getState().conversation?.id).toBe(12))
    stop()

    useChatStore.setState({ ...initial }, true)
    localStorage.setItem('homelab-console-playground', JSON.stringify({ openConversation: 7 }))
    const again = useChatStore.getState().start()
    await vi.waitFor(() => expect(fake.calls.filter((call) => call.name === 'chat.get').at(-1)?.input).toEqual({ conversationId: 7 }))
    await flush()
    expect(useChatStore.getState()).toMatchObject({ openId: null, conversation: null, openError: null })
    expect(JSON.parse(localStorage.getItem('homelab-console-playground')!).openConversation).toBeNull()
    again()
  })

  it('keeps the conversation to reopen when only the connection failed, for the reconnect to read it', async () => {
    const fake = fakeClient({ 'chat.list': () => [], 'chat.get': () => Promise.reject(new RequestFailure('chat.get', { code: 'disconnected', message: 'the connection to the console was lost' })) })
    setApi(fake.client)
    localStorage.setItem('homelab-console-playground', JSON.stringify({ openConversation: 12 }))
    const stop = useChatStore.getState().start()
    await vi.waitFor(() => expect(useChatStore.getState().openError).toBe('Could not open the conversation: the connection to the console was lost'))
    expect(useChatStore.getState().openId).toBe(12)
    expect(JSON.parse(localStorage.getItem('homelab-console-playground')!).openConversation).toBe(12)
    stop()
  })
})

describe('the conversation list', () => {
  it('deletes a conversation with its draft and goes back to a new chat', async () => {
    const fake = fakeClient({ 'chat.get': () => stored([]), 'chat.delete': () => ({}) })
    setApi(fake.client)
    await useChatStore.getState().open(12)
    useDraftsStore.getState().update('chat:12', { message: 'unsent' })
    expect(await useChatStore.getState().remove(12)).toBeNull()
    expect(typed('chat:12')).toBeUndefined()
    expect(useChatStore.getState()).toMatchObject({ openId: null, conversation: null })
  })

  it('searches a moment after the typing stops, and drops an answer to an older search', async () => {
    vi.useFakeTimers()
    const answers: ((value: unknown) => void)[] = []
    const fake = fakeClient({ 'chat.list': () => new Promise((resolve) => answers.push(resolve)) })
    setApi(fake.client)
    useChatStore.getState().search('sk')
    useChatStore.getState().search('sky')
    vi.advanceTimersByTime(200)
    expect(fake.calls).toEqual([{ name: 'chat.list', input: { query: 'sky' } }])
    useChatStore.getState().search('sea')
    vi.advanceTimersByTime(200)
    vi.useRealTimers()
    const summary = (title: string) => ({ id: 1, title, endpointId: 'pi-llm/ollama', model: 'tinyllama', createdAt: 1, updatedAt: 1, messageCount: 2 })
    answers[1]!([summary('The sea')])
    answers[0]!([summary('The sky')])
    await flush()
    expect(useChatStore.getState().conversations.map((found) => found.title)).toEqual(['The sea'])
  })
})
