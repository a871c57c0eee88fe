import Database from 'better-sqlite3'
import { copyFileSync, existsSync } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import {
  emulatedAnswer,
  emulatedCompletion,
  midStreamErrorMessage,
  startOllamaEmulator,
  type OllamaEmulator,
  type OllamaModel
} from '../../../lab/ollama'
import type { EventName, EventPayload, RequestInput, RequestName, RequestOutput } from '../../../src-shared/contract'
import type { StreamEnd } from '../../../src-shared/ollama'
import { EventLog } from '../../testing/event-log'
import { examplesDir, startTempCore, type TempCore } from '../../testing/temp-core'
import { createCore, type Core, type CoreOptions } from '../create-core'

const details = { family: 'llama', parameter_size: '1.2B', quantization_level: 'Q8_0', format: 'gguf' }
const llama: OllamaModel = { name: 'llama3.2:1b', size: 1_321_098_329, digest: 'a'.repeat(64), details, tokensPerSecond: 400 }
/** Slow enough to act while it streams: its answers take seconds. */
const tiny: OllamaModel = { name: 'tinyllama:1.1b', size: 637_700_138, digest: 'b'.repeat(64), details, tokensPerSecond: 8 }
const gemma: OllamaModel = { name: 'gemma3:1b', size: 815_319_791, digest: 'c'.repeat(64), details, tokensPerSecond: 60 }
const qwen: OllamaModel = { name: 'qwen2.5:7b', size: 4_683_087_332, digest: 'd'.repeat(64), details, tokensPerSecond: 60 }
const smolLayers = [
  { mediaType: 'application/vnd.ollama.image.model', digest: `sha256:${'1'.repeat(64)}`, size: 270_000_000 },
  { mediaType: 'application/vnd.ollama.image.template', digest: `sha256:${'2'.repeat(64)}`, size: 1_500 },
  { mediaType: 'application/vnd.docker.container.image.v1+json', digest: `sha256:${'3'.repeat(64)}`, size: 500 }
]
const smol: OllamaModel = { name: 'smollm2:135m', size: 270_002_000, digest: 'e'.repeat(64), details, layers: smolLayers }
/** Ten seconds to download at the rate below: long enough to cancel. */
const big: OllamaModel = { name: 'llama3.1:8b', size: 5_000_000_000, digest: 'f'.repeat(64), details }

const piUrl = 'http://127.0.1.65:11434'
const gpuUrl = 'http://127.0.1.66:11434'
const downUrl = 'http://127.0.1.69:11434'
const yaml = `name: Ollama lab
nodes:
  - id: pi
    name: Pi
    host: 127.0.1.65
    services:
      - { id: ollama, name: Ollama, kind: ollama, url: "${piUrl}" }
  - id: gpu
    name: GPU PC
    host: 127.0.1.66
    services:
      - { id: ollama, kind: ollama, url: "${gpuUrl}" }
  - id: down
    name: Down box
    host: 127.0.1.69
    services:
      - { id: ollama, name: Ollama, kind: ollama, url: "${downUrl}" }
`
/** A hung server is given up on after a second; answers save their text every 50 ms. */
const tuning: CoreOptions['ollama'] = { timeouts: { quickMs: 2000, answerMs: 1000, idleMs: 3000 }, saveIntervalMs: 50 }

let pi: OllamaEmulator
let gpu: OllamaEmulator
let temp: TempCore
let log: OllamaEvents

/** The core's events, with what the stream tests look for in them. */
class OllamaEvents extends EventLog {
  end(streamId: string): Promise<StreamEnd> {
    return this.until(() => this.of('ollama.stream.end').find((end) => end.streamId === streamId))
  }

  /** The text the deltas of a stream carried, in order. */
  streamed(streamId: string): string {
    return this.deltasOf(streamId)
      .map((delta) => delta.text)
      .join('')
  }

  deltasOf(streamId: string): EventPayload<'ollama.stream.delta'>[] {
    return this.of('ollama.stream.delta').filter((delta) => delta.streamId === streamId)
  }
}

async function call<N extends RequestName>(name: N, input: RequestInput<N>, core: Core = temp.core): Promise<RequestOutput<N>> {
  const reply = await core.dispatch(name, input)
  if (!reply.ok) throw new Error(`${name} failed: ${reply.error.message}`)
  return reply.value as RequestOutput<N>
}

async function failure<N extends RequestName>(name: N, input: RequestInput<N>): Promise<string> {
  const reply = await temp.core.dispatch(name, input)
  if (reply.ok) throw new Error(`${name} succeeded`)
  return reply.error.message
}

function lastRequest(emulator: OllamaEmulator, path: string) {
  return emulator.requests.filter((request) => request.path === path).at(-1)
}

const chatInput = { endpointId: 'pi/ollama', model: llama.name, system: '', options: {} }

beforeAll(async () => {
  const fastLoads = { loadBytesPerSecond: 1e12, promptTokensPerSecond: 1e6 }
  // No queue: a request to a model that is still answering is refused, which shows whether a stopped request was closed.
  pi = await startOllamaEmulator({ host: '127.0.1.65', port: 11434, models: [llama, tiny, gemma], library: [smol, big], pullBytesPerSecond: 500e6, maxQueue: 0, ...fastLoads })
  gpu = await startOllamaEmulator({ host: '127.0.1.66', port: 11434, models: [qwen], ...fastLoads })
  temp = await startTempCore(yaml, 'headless', { ollama: tuning })
  log = new OllamaEvents(temp.core)
})

afterEach(() => {
  pi.fault = 'none'
  pi.faultAfterChunks = 5
})

afterAll(async () => {
  await temp?.dispose()
  await pi?.close()
  await gpu?.close()
})

describe('the endpoints', () => {
  it("lists the inventory's Ollama services, then the URLs the user adds, and tells the page", async () => {
    expect(await call('ollama.endpoints', {})).toEqual([
      { id: 'pi/ollama', name: 'Pi › Ollama', url: piUrl, nodeId: 'pi', adhoc: false },
      { id: 'gpu/ollama', name: 'GPU PC › ollama', url: gpuUrl, nodeId: 'gpu', adhoc: false },
      { id: 'down/ollama', name: 'Down box › Ollama', url: downUrl, nodeId: 'down', adhoc: false }
    ])
    const added = await call('ollama.addEndpoint', { url: 'http://127.0.1.66:11434/', name: 'Duplicate' }).catch((error: Error) => error.message)
    expect(added).toContain('is already listed as GPU PC › ollama')

    const laptop = await call('ollama.addEndpoint', { url: 'http://127.0.1.67:11434', name: 'Laptop' })
    expect(laptop).toMatchObject({ name: 'Laptop', adhoc: true, nodeId: null })
    expect(log.of('ollama.endpoints').at(-1)?.map((endpoint) => endpoint.id)).toEqual(['pi/ollama', 'gpu/ollama', 'down/ollama', laptop.id])
    await call('ollama.removeEndpoint', { endpointId: laptop.id })
    expect(log.of('ollama.endpoints').at(-1)).toHaveLength(3)
    expect(await failure('ollama.overview', { endpointId: laptop.id })).toBe(`there is no Ollama endpoint "${laptop.id}": it is not in the inventory or among the added URLs`)
  })

  it('gives the overview of an endpoint, and says which one is down', async () => {
    expect(await call('ollama.overview', { endpointId: 'gpu/ollama' })).toMatchObject({ endpointId: 'gpu/ollama', version: '0.12.6', models: [{ name: qwen.name }] })
    expect(await failure('ollama.overview', { endpointId: 'down/ollama' })).toBe(`Ollama at Down box › Ollama (${downUrl}) refused the connection`)
  })
})

describe('chat', () => {
  let firstConversation = 0
  let firstAnswer = ''

  it('streams an answer end to end and keeps the conversation, sending earlier turns again', async () => {
    const question = 'Why is the sky blue?'
    const reply = await call('chat.send', { ...chatInput, system: 'Be brief.', options: { seed: 3 }, content: question })
    expect(reply.userMessage).toMatchObject({ role: 'user', content: question, status: 'complete' })
    expect(reply.answer).toMatchObject({ role: 'assistant', content: '', status: 'streaming', model: llama.name, endpointId: 'pi/ollama' })
    const streamId = reply.answer.streamId!
    const end = await log.end(streamId)
    firstConversation = reply.conversationId
    firstAnswer = emulatedAnswer(llama.name, question, 3).join('')
    expect(end).toMatchObject({ status: 'complete', text: firstAnswer, error: null, errorKind: null })
    expect(log.streamed(streamId)).toBe(firstAnswer)
    expect(end.stats.tokensPerSecond).toBeGreaterThan(0)
    expect(end.stats.outputTokens).toBe(emulatedAnswer(llama.name, question, 3).length)

    const stored = await call('chat.get', { conversationId: reply.conversationId })
    expect(stored).toMatchObject({ title: question, endpointId: 'pi/ollama', model: llama.name, system: 'Be brief.', options: { seed: 3 }, messageCount: 2 })
    expect(stored.messages).toMatchObject([
      { id: reply.userMessage.id, role: 'user', content: question },
      { id: reply.answer.id, role: 'assistant', content: firstAnswer, status: 'complete', stats: end.stats, streamId: null }
    ])

    const followUp = await call('chat.send', { ...chatInput, conversationId: reply.conversationId, system: 'Be brief.', options: { seed: 3 }, content: 'And at sunset?' })
    const second = await log.end(followUp.answer.streamId!)
    expect(second.text).toBe(emulatedAnswer(llama.name, 'And at sunset?', 3).join(''))
    expect(lastRequest(pi, '/api/chat')?.body).toMatchObject({
      model: llama.name,
      options: { seed: 3 },
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: question },
        { role: 'assistant', content: firstAnswer },
        { role: 'user', content: 'And at sunset?' }
      ]
    })
    expect((await call('chat.list', {}))[0]).toMatchObject({ id: reply.conversationId, messageCount: 4 })
  })

  it('stops at once, keeping the text so far marked stopped, and closes the request', async () => {
    const reply = await call('chat.send', { ...chatInput, model: tiny.name, content: 'Tell me about the moon' })
    const streamId = reply.answer.streamId!
    await log.until(() => (log.deltasOf(streamId).length >= 2 ? true : undefined))
    await call('ollama.stop', { streamId })
    const end = await log.end(streamId)
    const whole = emulatedAnswer(tiny.name, 'Tell me about the moon').join('')
    expect(end.status).toBe('stopped')
    expect(end.text).toBe(log.streamed(streamId))
    expect(end.text.length).toBeGreaterThan(0)
    expect(whole.startsWith(end.text) && whole.length > end.text.length).toBe(true)
    const stored = await call('chat.get', { conversationId: reply.conversationId })
    expect(stored.messages[1]).toMatchObject({ status: 'stopped', content: end.text, error: null })
    // A page that missed the end (a dropped connection, a restarted console) learns there is none to wait for.
    expect(await failure('ollama.stop', { streamId })).toBe('that answer is no longer streaming: it ended, or the console restarted since')

    // The model answers one request at a time and queues none: it takes a new one only once the stopped one was closed.
    expect((await retryUntilAccepted(tiny.name)).status).toBe('complete')
  })

  it('keeps the partial text marked interrupted when the connection drops mid-answer', async () => {
    pi.fault = 'drop'
    pi.faultAfterChunks = 4
    const reply = await call('chat.send', { ...chatInput, content: 'Explain rainbows' })
    const end = await log.end(reply.answer.streamId!)
    const partial = emulatedCompletion(llama.name, 'Explain rainbows').chunks.slice(0, 4).join('')
    expect(end).toMatchObject({ status: 'interrupted', text: partial, errorKind: null })
    expect(end.error).toBe(`the connection to Ollama at Pi › Ollama (${piUrl}) dropped before the reply was complete`)
    const stored = await call('chat.get', { conversationId: reply.conversationId })
    expect(stored.messages[1]).toMatchObject({ status: 'interrupted', content: partial, error: end.error })
  })

  it("shows an error line of the stream as the server's error, the text so far kept", async () => {
    pi.fault = 'error-mid-stream'
    pi.faultAfterChunks = 3
    const reply = await call('chat.send', { ...chatInput, content: 'Explain tides' })
    const end = await log.end(reply.answer.streamId!)
    const partial = emulatedCompletion(llama.name, 'Explain tides').chunks.slice(0, 3).join('')
    expect(end).toMatchObject({ status: 'error', text: partial, errorKind: 'server', error: `Ollama at Pi › Ollama (${piUrl}): ${midStreamErrorMessage}` })
    expect((await call('chat.get', { conversationId: reply.conversationId })).messages[1]).toMatchObject({ status: 'error', content: partial, errorKind: 'server' })
  })

  it('says a model is not there so the page can offer to pull it, and leaves the failed turn out of the next request', async () => {
    const reply = await call('chat.send', { ...chatInput, model: 'mistral:7b', content: 'Hello?' })
    const end = await log.end(reply.answer.streamId!)
    expect(end).toMatchObject({ status: 'error', text: '', errorKind: 'model-not-found', error: `Ollama at Pi › Ollama (${piUrl}): model 'mistral:7b' not found` })
    const stored = await call('chat.get', { conversationId: reply.conversationId })
    expect(stored.messages).toMatchObject([
      { role: 'user', content: 'Hello?' },
      { role: 'assistant', status: 'error', errorKind: 'model-not-found' }
    ])

    const retry = await call('chat.send', { ...chatInput, conversationId: reply.conversationId, content: 'Hello again' })
    expect((await log.end(retry.answer.streamId!)).status).toBe('complete')
    expect(lastRequest(pi, '/api/chat')?.body).toMatchObject({ messages: [{ role: 'user', content: 'Hello again' }] })
  })

  it('names the endpoint that is down, keeping the question', async () => {
    const reply = await call('chat.send', { ...chatInput, endpointId: 'down/ollama', content: 'Anyone there?' })
    const end = await log.end(reply.answer.streamId!)
    expect(end).toMatchObject({ status: 'error', errorKind: 'unreachable', error: `Ollama at Down box › Ollama (${downUrl}) refused the connection` })
    expect((await call('chat.get', { conversationId: reply.conversationId })).messages[0]).toMatchObject({ content: 'Anyone there?' })
  })

  it('gives up on a server that never answers', async () => {
    pi.fault = 'hang'
    const reply = await call('chat.send', { ...chatInput, content: 'Hello?' })
    const end = await log.end(reply.answer.streamId!)
    expect(end).toMatchObject({ status: 'error', errorKind: 'timeout', error: `Ollama at Pi › Ollama (${piUrl}) did not answer within 1 s` })
  })

  it('says when the server is busy', async () => {
    pi.fault = '503'
    const { streamId } = await call('ollama.generate', { endpointId: 'pi/ollama', model: llama.name, system: '', prompt: 'Hi', options: {} })
    expect(await log.end(streamId)).toMatchObject({ status: 'error', errorKind: 'busy' })
  })

  it('exports a conversation as Markdown', async () => {
    const { fileName, markdown } = await call('chat.export', { conversationId: firstConversation })
    expect(fileName).toBe('Why is the sky blue.md')
    expect(markdown).toContain('# Why is the sky blue?\n\n- Model: llama3.2:1b@Pi › Ollama\n')
    expect(markdown).toContain('## System prompt\n\nBe brief.\n\n## User\n\nWhy is the sky blue?\n\n## Assistant · llama3.2:1b@Pi › Ollama\n\n')
    expect(markdown).toContain(`${firstAnswer}\n\n*`)
    expect(markdown).toMatch(/ms to first token · [0-9.]+ tokens\/s · [0-9]+ prompt tokens · [0-9]+ output tokens/)
  })

  it('searches, renames and deletes conversations', async () => {
    const found = await call('chat.list', { query: 'SUNSET' })
    expect(found.map((summary) => summary.id)).toEqual([firstConversation])
    expect(await call('chat.rename', { conversationId: firstConversation, title: 'Sky colours' })).toMatchObject({ title: 'Sky colours' })
    await call('chat.delete', { conversationId: firstConversation })
    expect((await call('chat.list', {})).map((summary) => summary.id)).not.toContain(firstConversation)
    expect(await failure('chat.get', { conversationId: firstConversation })).toBe(`there is no conversation ${firstConversation}: it was deleted`)
  })
})

describe('models', () => {
  it('pulls a model with progress per layer, then the overview lists it', async () => {
    const started = await call('ollama.pull', { endpointId: 'pi/ollama', model: smol.name })
    expect(started).toMatchObject({ endpointId: 'pi/ollama', model: smol.name, state: 'running', error: null })
    const done = await log.until(() => log.of('ollama.pullProgress').find((progress) => progress.pullId === started.pullId && progress.state !== 'running'))
    expect(done).toMatchObject({ state: 'done', status: 'success', error: null })
    expect(done.layers).toEqual(smolLayers.map((layer) => ({ digest: layer.digest, total: layer.size, completed: layer.size })))

    const progress = log.of('ollama.pullProgress').filter((event) => event.pullId === started.pullId)
    const statuses = [...new Set(progress.map((event) => event.status))]
    expect(statuses[0]).toBe('pulling manifest')
    expect(statuses).toContain(`pulling ${'1'.repeat(12)}`)
    expect(statuses.slice(-3)).toEqual(['verifying sha256 digest', 'writing manifest', 'success'])
    // The weights came in over several reports, each adding up what arrived so far.
    const weights = progress.flatMap((event) => event.layers.filter((layer) => layer.digest === smolLayers[0]!.digest).map((layer) => layer.completed))
    expect(weights.some((completed) => completed > 0 && completed < smolLayers[0]!.size)).toBe(true)
    expect(weights).toEqual([...weights].sort((a, b) => a - b))

    await log.until(() => log.of('ollama.changed').find((changed) => changed.endpointId === 'pi/ollama'))
    expect((await call('ollama.overview', { endpointId: 'pi/ollama' })).models.map((model) => model.name)).toContain(smol.name)
    expect((await call('ollama.pulls', {})).find((pull) => pull.pullId === started.pullId)).toMatchObject({ state: 'done' })
  })

  it('cancels a pull', async () => {
    const started = await call('ollama.pull', { endpointId: 'pi/ollama', model: big.name })
    await log.until(() =>
      log.of('ollama.pullProgress').find((event) => event.pullId === started.pullId && event.layers.some((layer) => layer.completed > 0))
    )
    await call('ollama.cancelPull', { pullId: started.pullId })
    const last = log.of('ollama.pullProgress').filter((event) => event.pullId === started.pullId).at(-1)
    expect(last).toMatchObject({ state: 'cancelled', error: null })
    expect(last!.layers[0]!.completed).toBeLessThan(last!.layers[0]!.total)
    expect((await call('ollama.pulls', {}))[0]).toMatchObject({ pullId: started.pullId, state: 'cancelled' })
    expect((await call('ollama.overview', { endpointId: 'pi/ollama' })).models.map((model) => model.name)).not.toContain(big.name)
  })

  it("fails a pull of a model the registry does not have, in Ollama's words", async () => {
    const started = await call('ollama.pull', { endpointId: 'pi/ollama', model: 'no-such-model:1b' })
    const end = await log.until(() => log.of('ollama.pullProgress').find((event) => event.pullId === started.pullId && event.state !== 'running'))
    expect(end).toMatchObject({ state: 'failed', error: `Ollama at Pi › Ollama (${piUrl}): pull model manifest: file does not exist` })
  })

  it('deletes a model', async () => {
    const changes = log.of('ollama.changed').length
    await call('ollama.delete', { endpointId: 'pi/ollama', model: smol.name })
    expect(log.of('ollama.changed').length).toBe(changes + 1)
    expect((await call('ollama.overview', { endpointId: 'pi/ollama' })).models.map((model) => model.name)).not.toContain(smol.name)
    expect(await failure('ollama.delete', { endpointId: 'pi/ollama', model: smol.name })).toBe(`Ollama at Pi › Ollama (${piUrl}): model '${smol.name}' not found`)
  })

  it('loads a model for a while or for ever, and unloads it', async () => {
    const loaded = async () => (await call('ollama.overview', { endpointId: 'pi/ollama' })).loaded.find((model) => model.name === gemma.name)
    await call('ollama.load', { endpointId: 'pi/ollama', model: gemma.name, keepAlive: -1 })
    expect(await loaded()).toMatchObject({ name: gemma.name, expiresAt: null })
    await call('ollama.load', { endpointId: 'pi/ollama', model: gemma.name, keepAlive: 600 })
    expect((await loaded())?.expiresAt).toEqual(expect.any(String))
    expect(lastRequest(pi, '/api/generate')?.body).toMatchObject({ model: gemma.name, prompt: '', keep_alive: 600, stream: false })
    await call('ollama.unload', { endpointId: 'pi/ollama', model: gemma.name })
    expect(await loaded()).toBeUndefined()
    expect(await failure('ollama.load', { endpointId: 'pi/ollama', model: 'nope:1b', keepAlive: 60 })).toBe(`Ollama at Pi › Ollama (${piUrl}): model 'nope:1b' not found`)
  })
})

describe('compare', () => {
  it('streams one prompt from two endpoints at once, each with its own figures', async () => {
    const prompt = 'Compare apples and pears'
    const [onPi, onGpu] = await Promise.all([
      call('ollama.generate', { endpointId: 'pi/ollama', model: gemma.name, system: 'Be fair.', prompt, options: {} }),
      call('ollama.generate', { endpointId: 'gpu/ollama', model: qwen.name, system: 'Be fair.', prompt, options: {} })
    ])
    const [piEnd, gpuEnd] = await Promise.all([log.end(onPi.streamId), log.end(onGpu.streamId)])
    expect(piEnd).toMatchObject({ status: 'complete', text: emulatedAnswer(gemma.name, prompt).join('') })
    expect(gpuEnd).toMatchObject({ status: 'complete', text: emulatedAnswer(qwen.name, prompt).join('') })
    expect(piEnd.stats.tokensPerSecond).toBeGreaterThan(0)
    expect(gpuEnd.stats.tokensPerSecond).toBeGreaterThan(0)
    expect(lastRequest(gpu, '/api/generate')?.body).toMatchObject({ model: qwen.name, prompt, system: 'Be fair.' })
    // Side by side: each stream was under way before the other ended.
    const at = (predicate: (event: { name: EventName; payload: unknown }) => boolean) => log.events.findIndex(predicate)
    const firstDelta = (streamId: string) => at((event) => event.name === 'ollama.stream.delta' && (event.payload as { streamId: string }).streamId === streamId)
    const endOf = (streamId: string) => at((event) => event.name === 'ollama.stream.end' && (event.payload as { streamId: string }).streamId === streamId)
    expect(firstDelta(onPi.streamId)).toBeLessThan(endOf(onGpu.streamId))
    expect(firstDelta(onGpu.streamId)).toBeLessThan(endOf(onPi.streamId))
  })
})

describe('a restart', () => {
  it('keeps an answer cut by the console closing or being killed as interrupted, with the text saved so far', async () => {
    const own = await startTempCore(yaml, 'headless', { ollama: tuning })
    const ownLog = new OllamaEvents(own.core)
    const snapshotDir = await mkdtemp(join(tmpdir(), 'homelab-killed-'))
    let restarted: Core | undefined
    try {
      const reply = await call('chat.send', { ...chatInput, model: tiny.name, content: 'Describe the ocean' }, own.core)
      const streamId = reply.answer.streamId!
      const file = join(own.dataDir, 'console.sqlite')
      const reader = new Database(file, { readonly: true })
      const saved = await ownLog.until(() => {
        const row = reader.prepare<[number], { content: string; status: string }>('SELECT content, status FROM messages WHERE id = ?').get(reply.answer.id)
        return row && row.content.length > 0 && ownLog.deltasOf(streamId).length >= 3 ? row : undefined
      })
      reader.close()
      expect(saved.status).toBe('streaming')
      // What a kill leaves on disk: the database as it is mid-answer.
      for (const suffix of ['', '-wal']) if (existsSync(file + suffix)) copyFileSync(file + suffix, join(snapshotDir, `console.sqlite${suffix}`))

      own.core.close()
      const closed = new Database(file, { readonly: true })
      const kept = closed.prepare<[number], { content: string; status: string; error: string }>('SELECT content, status, error FROM messages WHERE id = ?').get(reply.answer.id)
      closed.close()
      expect(kept).toMatchObject({ status: 'interrupted', error: 'the console closed before the answer was complete' })
      expect(kept!.content.startsWith(saved.content)).toBe(true)

      restarted = await createCore({ dataDir: snapshotDir, examplesDir, version: '0.0.0-test', sshDir: join(snapshotDir, 'ssh'), env: {}, health: { poll: false }, platform: { mode: 'headless', openExternal: async () => false } })
      const answer = (await call('chat.get', { conversationId: reply.conversationId }, restarted)).messages[1]
      expect(answer).toMatchObject({ status: 'interrupted', content: saved.content, error: 'the console closed before the answer was complete', streamId: null })
    } finally {
      restarted?.close()
      await rm(own.dataDir, { recursive: true, force: true })
      await rm(snapshotDir, { recursive: true, force: true })
    }
  })
})

/** Asks the model for one token until it takes the request (not busy); fails after a few seconds. */
async function retryUntilAccepted(model: string): Promise<StreamEnd> {
  const deadline = Date.now() + 5000
  for (;;) {
    const { streamId } = await call('ollama.generate', { endpointId: 'pi/ollama', model, system: '', prompt: 'Hi', options: { num_predict: 1 } })
    const end = await log.end(streamId)
    if (end.errorKind !== 'busy' || Date.now() > deadline) return end
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
}
