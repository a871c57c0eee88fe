import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { emulatedAnswer, emulatedCompletion, startOllamaEmulator, type OllamaEmulator, type OllamaModel } from '../../../lab/ollama'
import { llama1b, tinyllama } from '../../../lab/ollama-fixtures'
import type { OllamaEndpoint, StreamDelta, StreamEnd } from '../../../src-shared/ollama'
import { AnswerStreams, statsOf, type AnswerEnd, type AnswerSpec } from './answer-stream'
import { createOllamaHttp, type OllamaTimeouts } from './ollama-http'

/** Fast enough that many tokens fall in one coalescing window. */
const fast: OllamaModel = { ...llama1b, tokensPerSecond: 3000 }
/** A second between tokens: far longer than the idle timeout below. */
const stalling: OllamaModel = { ...tinyllama, tokensPerSecond: 1 }

let ollama: OllamaEmulator
let endpoint: OllamaEndpoint

interface Run {
  readonly deltas: StreamDelta[]
  readonly end: Promise<StreamEnd>
  readonly stored: Promise<AnswerEnd>
  readonly progress: string[]
}

function stream(spec: Omit<AnswerSpec, 'endpoint'>, timeouts: Partial<OllamaTimeouts> = {}): Run {
  const deltas: StreamDelta[] = []
  const progress: string[] = []
  let resolveEnd: (end: StreamEnd) => void = () => undefined
  let resolveStored: (end: AnswerEnd) => void = () => undefined
  const end = new Promise<StreamEnd>((resolve) => (resolveEnd = resolve))
  const stored = new Promise<AnswerEnd>((resolve) => (resolveStored = resolve))
  const streams = new AnswerStreams({
    http: createOllamaHttp({ quickMs: 2000, answerMs: 5000, idleMs: 5000, ...timeouts }),
    emitDelta: (delta) => deltas.push(delta),
    emitEnd: resolveEnd
  })
  streams.start({ ...spec, endpoint }, { progress: (text) => progress.push(text), end: resolveStored })
  return { deltas, end, stored, progress }
}

beforeAll(async () => {
  ollama = await startOllamaEmulator({ host: '127.0.1.65', port: 11434, models: [fast, stalling], loadBytesPerSecond: 1e12, promptTokensPerSecond: 1e6 })
  endpoint = { id: 'pi/ollama', name: 'Pi › Ollama', url: ollama.url, nodeId: 'pi', adhoc: false }
})

afterEach(() => {
  ollama.fault = 'none'
})

afterAll(() => ollama?.close())

describe('a streamed answer', () => {
  it('passes the first token on alone and at once, then coalesces the rest into fewer deltas that add up to the answer', async () => {
    const prompt = 'Write a python function that removes duplicates'
    const run = stream({ model: fast.name, options: {}, request: { kind: 'chat', messages: [{ role: 'user', content: prompt }] } })
    const end = await run.end
    const tokens = emulatedAnswer(fast.name, prompt)
    expect(end).toMatchObject({ status: 'complete', text: tokens.join(''), error: null, errorKind: null })
    expect(run.deltas[0]).toEqual({ streamId: end.streamId, text: tokens[0], thinking: '' })
    expect(run.deltas.map((delta) => delta.text).join('')).toBe(end.text)
    expect(run.deltas.length).toBeLessThan(tokens.length)
    expect(run.progress.at(-1)).toBe(end.text)
    expect(end.stats.outputTokens).toBe(tokens.length)
    expect(end.stats.promptTokens).toBeGreaterThan(0)
    expect(end.stats.timeToFirstTokenMs).toBeGreaterThan(0)
    // The emulator paces tokens no faster than the model's rate, and so reports it.
    expect(end.stats.tokensPerSecond).toBeGreaterThan(0)
    expect(end.stats.tokensPerSecond).toBeLessThanOrEqual(fast.tokensPerSecond!)
    expect(end.stats.totalMs).toBeGreaterThan(0)
    expect((await run.stored).text).toBe(end.text)
  })

  it("sends the options as Ollama's, and json as format", async () => {
    const prompt = 'Why is the sky blue?'
    const options = { temperature: 0.3, top_p: 0.9, top_k: 40, num_ctx: 2048, seed: 7, num_predict: 9, stop: ['\n\n'] }
    const run = stream({ model: fast.name, options: { ...options, json: true }, request: { kind: 'chat', messages: [{ role: 'system', content: 'Be brief.' }, { role: 'user', content: prompt }] } })
    const end = await run.end
    expect(ollama.requests.at(-1)).toMatchObject({
      path: '/api/chat',
      body: { model: fast.name, stream: true, format: 'json', options, messages: [{ role: 'system', content: 'Be brief.' }, { role: 'user', content: prompt }] }
    })
    expect(end.text).toBe(emulatedCompletion(fast.name, prompt, { seed: 7, numPredict: 9, stop: ['\n\n'], json: true }).text)
  })

  it('generates from a prompt with a system prompt, leaving an empty one out', async () => {
    const withSystem = await stream({ model: fast.name, options: {}, request: { kind: 'generate', prompt: 'Name a colour', system: 'One word.' } }).end
    expect(ollama.requests.at(-1)).toMatchObject({ path: '/api/generate', body: { model: fast.name, prompt: 'Name a colour', system: 'One word.', stream: true } })
    expect(withSystem.text).toBe(emulatedAnswer(fast.name, 'Name a colour').join(''))

    await stream({ model: fast.name, options: {}, request: { kind: 'generate', prompt: 'Name a colour', system: '' } }).end
    expect(ollama.requests.at(-1)?.body).not.toHaveProperty('system')
    expect(ollama.requests.at(-1)?.body).not.toHaveProperty('format')
  })

  it('ends interrupted, keeping its text, when the server goes silent longer than the idle timeout', async () => {
    const run = stream({ model: stalling.name, options: {}, request: { kind: 'generate', prompt: 'Hello there', system: '' } }, { idleMs: 300 })
    const end = await run.end
    expect(end.status).toBe('interrupted')
    expect(end.errorKind).toBeNull()
    expect(end.error).toBe(`Ollama at Pi › Ollama (${ollama.url}) sent nothing for 300 ms`)
    expect(end.text).toBe(emulatedAnswer(stalling.name, 'Hello there')[0])
  })
})

describe('statsOf', () => {
  it('turns nanoseconds into milliseconds and tokens per second from the eval figures', () => {
    const final = { total_duration: 2_500_000_000, load_duration: 500_000_000, prompt_eval_count: 26, prompt_eval_duration: 130_000_000, eval_count: 120, eval_duration: 4_800_000_000 }
    expect(statsOf(final, 312)).toEqual({ timeToFirstTokenMs: 312, tokensPerSecond: 25, promptTokens: 26, outputTokens: 120, totalMs: 2500, loadMs: 500 })
  })

  it('leaves the figures Ollama left out (it omits zeros) null', () => {
    expect(statsOf({ eval_count: 3 }, null)).toEqual({ timeToFirstTokenMs: null, tokensPerSecond: null, promptTokens: null, outputTokens: 3, totalMs: null, loadMs: null })
    expect(statsOf(undefined, 40)).toEqual({ timeToFirstTokenMs: 40, tokensPerSecond: null, promptTokens: null, outputTokens: null, totalMs: null, loadMs: null })
  })
})
