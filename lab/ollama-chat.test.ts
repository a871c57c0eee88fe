import { Ollama, type ChatResponse } from 'ollama'
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { llama1b, tinyllama } from './ollama-fixtures'
import { emulatedAnswer, emulatedCompletion, midStreamErrorMessage, startOllamaEmulator, type OllamaEmulator, type OllamaModel } from './ollama'

const llama: OllamaModel = { ...llama1b, tokensPerSecond: 400 }
/** Slow enough that a test can act while it streams. */
const tiny: OllamaModel = { ...tinyllama, tokensPerSecond: 40 }
const loadBytesPerSecond = 20e9
const question = [{ role: 'user', content: 'Why is the sky blue?' }]

let ollama: OllamaEmulator

beforeAll(async () => {
  ollama = await startOllamaEmulator({ host: '127.0.1.62', port: 11434, models: [llama, tiny], loadBytesPerSecond, promptTokensPerSecond: 5000 })
})

afterAll(() => ollama?.close())

afterEach(() => {
  ollama.fault = 'none'
  ollama.setLoaded([])
})

function client(): Ollama {
  return new Ollama({ host: ollama.url })
}

/** Reads a raw NDJSON reply. */
async function rawLines(path: string, body: object) {
  const response = await fetch(`${ollama.url}${path}`, { method: 'POST', body: JSON.stringify(body), signal: AbortSignal.timeout(10_000) })
  const text = await response.text()
  return { status: response.status, headers: response.headers, text, lines: text.split('\n') }
}

describe('POST /api/chat', () => {
  it('streams the emulated answer one token per line, then honest figures in nanoseconds', async () => {
    const parts: ChatResponse[] = []
    for await (const part of await client().chat({ model: llama.name, messages: question, stream: true })) parts.push(part)
    const tokens = emulatedAnswer(llama.name, 'Why is the sky blue?')
    const final = parts.pop()
    expect(parts.map((part) => part.message.content)).toEqual(tokens)
    expect(parts.every((part) => part.done === false && part.model === llama.name && part.message.role === 'assistant')).toBe(true)
    expect(final).toMatchObject({ done: true, done_reason: 'stop', message: { role: 'assistant', content: '' }, eval_count: tokens.length })
    const stats = final as ChatResponse
    expect(stats.prompt_eval_count).toBeGreaterThan(5)
    // Paced against deadlines, so the figures can only be as slow or slower than the model's rate.
    expect(stats.eval_duration).toBeGreaterThanOrEqual((tokens.length / (llama.tokensPerSecond ?? 0)) * 1e9)
    expect(stats.load_duration).toBeGreaterThanOrEqual((llama.size / loadBytesPerSecond) * 1e9)
    expect(stats.prompt_eval_duration).toBeGreaterThanOrEqual((stats.prompt_eval_count / 5000) * 1e9)
    expect(stats.total_duration).toBeGreaterThanOrEqual(stats.load_duration + stats.prompt_eval_duration + stats.eval_duration)
  })

  it('puts Go’s bytes on the wire: chunked NDJSON, struct field order, escaped "<" and ">"', async () => {
    const prompt = 'Write a Python script that counts words'
    const seed = [...Array(20).keys()].find((candidate) => emulatedAnswer(llama.name, prompt, candidate).includes('>'))
    if (seed === undefined) throw new Error('no seed gives an answer with ">"')
    const tokens = emulatedAnswer(llama.name, prompt, seed)
    const reply = await rawLines('/api/chat', { model: llama.name, messages: [{ role: 'user', content: prompt }], options: { seed } })
    expect(reply.status).toBe(200)
    expect(reply.headers.get('content-type')).toBe('application/x-ndjson')
    expect(reply.headers.get('transfer-encoding')).toBe('chunked')
    expect(reply.lines.pop()).toBe('')
    const createdAt = JSON.parse(reply.lines[0] ?? '{}').created_at
    expect(createdAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{1,9})?Z$/)
    expect(reply.lines[0]).toBe(`{"model":"llama3.2:1b","created_at":"${createdAt}","message":{"role":"assistant","content":${JSON.stringify(tokens[0])}},"done":false}`)
    expect(reply.lines[tokens.indexOf('>')]).toContain('"content":"\\u003e"')
    const final = reply.lines[reply.lines.length - 1] ?? ''
    expect(final).toMatch(
      /^\{"model":"llama3\.2:1b","created_at":"[^"]+","message":\{"role":"assistant","content":""\},"done":true,"done_reason":"stop","total_duration":\d+,"load_duration":\d+,"prompt_eval_count":\d+,"prompt_eval_duration":\d+,"eval_count":\d+,"eval_duration":\d+\}$/
    )
    expect(reply.lines).toHaveLength(tokens.length + 1)
  })

  it('answers the last user message, with the seed, num_predict and stop strings it was given', async () => {
    const messages = [
      { role: 'system', content: 'Be brief.' },
      { role: 'user', content: 'hello' },
      { role: 'assistant', content: 'Hi!' },
      { role: 'user', content: 'Explain TCP vs UDP' }
    ]
    const cut = await client().chat({ model: llama.name, messages, options: { seed: 3, num_predict: 6 } })
    expect(cut.message.content).toBe(emulatedAnswer(llama.name, 'Explain TCP vs UDP', 3).slice(0, 6).join(''))
    expect(cut).toMatchObject({ done: true, done_reason: 'length', eval_count: 6 })

    const stopped = await client().chat({ model: llama.name, messages, options: { seed: 3, stop: ['.'] } })
    const expected = emulatedCompletion(llama.name, 'Explain TCP vs UDP', { seed: 3, stop: ['.'] })
    expect(stopped.message.content).toBe(expected.text)
    expect(stopped.message.content).not.toContain('.')
    expect(stopped).toMatchObject({ done_reason: 'stop', eval_count: expected.evalCount })
  })

  it('answers a JSON object for format "json"', async () => {
    const reply = await client().chat({ model: llama.name, messages: question, format: 'json' })
    expect(JSON.parse(reply.message.content)).toMatchObject({ topic: 'sky blue' })
  })

  it('answers 404 for a model it does not have', async () => {
    await expect(client().chat({ model: 'mistral:7b', messages: question, stream: true })).rejects.toMatchObject({
      status_code: 404,
      error: "model 'mistral:7b' not found"
    })
  })
})

describe('POST /api/generate', () => {
  it('answers in one object without streaming, with the context to continue from', async () => {
    const prompt = 'Write a Python function to dedupe a list'
    const reply = await client().generate({ model: llama.name, prompt })
    const tokens = emulatedAnswer(llama.name, prompt)
    expect(reply.response).toBe(tokens.join(''))
    expect(reply.response).toContain('```python\n')
    expect(Object.keys(reply)).toEqual([
      'model',
      'created_at',
      'response',
      'done',
      'done_reason',
      'context',
      'total_duration',
      'load_duration',
      'prompt_eval_count',
      'prompt_eval_duration',
      'eval_count',
      'eval_duration'
    ])
    expect(reply).toMatchObject({ done: true, done_reason: 'stop', eval_count: tokens.length })
    expect(reply.context).toHaveLength(reply.prompt_eval_count + tokens.length)
  })

  it('streams `response` lines', async () => {
    const parts = []
    for await (const part of await client().generate({ model: llama.name, prompt: 'hello', stream: true, options: { num_predict: 4 } })) parts.push(part)
    expect(parts.map((part) => part.response)).toEqual([...emulatedAnswer(llama.name, 'hello').slice(0, 4), ''])
    expect(parts.at(-1)).toMatchObject({ done: true, done_reason: 'length' })
  })

  it('loads a model for an empty prompt and unloads it with keep_alive 0, as /api/ps shows', async () => {
    const ollamaClient = client()
    expect(await ollamaClient.generate({ model: tiny.name, prompt: '', keep_alive: '10m' })).toMatchObject({ model: tiny.name, response: '', done: true, done_reason: 'load' })
    const [loaded] = (await ollamaClient.ps()).models
    expect(loaded).toMatchObject({ name: tiny.name, size_vram: loaded?.size, context_length: 4096 })
    const expiresInMs = Date.parse(String(loaded?.expires_at)) - Date.now()
    expect(expiresInMs).toBeGreaterThan(9 * 60_000)
    expect(expiresInMs).toBeLessThanOrEqual(10 * 60_000)

    // A negative keep_alive is time.Duration's largest: the model stays some 292 years.
    await ollamaClient.generate({ model: tiny.name, prompt: '', keep_alive: -1 })
    const forever = (await ollamaClient.ps()).models[0]
    expect(new Date(String(forever?.expires_at)).getUTCFullYear()).toBeGreaterThan(new Date().getUTCFullYear() + 290)

    const unload = await rawLines('/api/generate', { model: tiny.name, keep_alive: 0 })
    expect(unload.headers.get('content-type')).toBe('application/json; charset=utf-8')
    expect(unload.text).toMatch(/^\{"model":"tinyllama:1\.1b","created_at":"[^"]+","response":"","done":true,"done_reason":"unload"\}$/)
    expect((await ollamaClient.ps()).models).toEqual([])
  })

  it('unloads a model right after an answer asked with keep_alive 0', async () => {
    await client().generate({ model: llama.name, prompt: 'hello', keep_alive: 0, options: { num_predict: 2 } })
    expect((await client().ps()).models).toEqual([])
  })

  it('reloads with the num_ctx a request asks for', async () => {
    await client().generate({ model: llama.name, prompt: 'hello', options: { num_predict: 1, num_ctx: 8192 } })
    expect((await client().ps()).models).toMatchObject([{ name: llama.name, context_length: 8192, size: llama.size + 8192 * 65_536 }])
  })
})

/** Marks in order what happens to a few streams at once. */
function recorder() {
  const events: string[] = []
  const consume = async (label: string, started: Promise<AsyncIterable<ChatResponse>>) => {
    let first = true
    for await (const part of await started) {
      if (first) events.push(`${label} first`)
      first = false
      if (part.done) events.push(`${label} done`)
    }
  }
  return { events, consume }
}

async function requestsArrived(count: number): Promise<void> {
  await vi.waitFor(() => expect(ollama.requests.filter((request) => request.path === '/api/chat').length).toBeGreaterThanOrEqual(count), { timeout: 5000 })
}

describe('one request per model at a time', () => {
  it('answers queued requests in the order they came', async () => {
    const before = ollama.requests.filter((request) => request.path === '/api/chat').length
    const { events, consume } = recorder()
    const runs: Promise<void>[] = []
    for (const label of ['A', 'B', 'C']) {
      runs.push(consume(label, client().chat({ model: tiny.name, messages: question, stream: true, options: { num_predict: 3 } })))
      await requestsArrived(before + runs.length)
    }
    await Promise.all(runs)
    expect(events).toEqual(['A first', 'A done', 'B first', 'B done', 'C first', 'C done'])
  })

  it('frees the model for the next in line when a client aborts its stream', async () => {
    const before = ollama.requests.filter((request) => request.path === '/api/chat').length
    const first = await client().chat({ model: tiny.name, messages: question, stream: true })
    const next = client().chat({ model: tiny.name, messages: question, stream: true, options: { num_predict: 2 } })
    await requestsArrived(before + 2)
    let received = 0
    await expect(
      (async () => {
        for await (const part of first) {
          expect(part.done).toBe(false)
          if (++received === 2) first.abort()
        }
      })()
    ).rejects.toMatchObject({ name: 'AbortError' })
    const parts: ChatResponse[] = []
    for await (const part of await next) parts.push(part)
    expect(parts.at(-1)).toMatchObject({ done: true, eval_count: 2 })
    // Lines already in the client's buffer may still come out after abort(), but not the rest.
    expect(received).toBeLessThan(emulatedAnswer(tiny.name, 'Why is the sky blue?').length)
  })
})

describe('stream faults', () => {
  it('ends the stream with an error line after `faultAfterChunks` lines, which the client throws', async () => {
    ollama.fault = 'error-mid-stream'
    ollama.faultAfterChunks = 3
    const seen: string[] = []
    await expect(
      (async () => {
        for await (const part of await client().chat({ model: llama.name, messages: question, stream: true })) seen.push(part.message.content)
      })()
    ).rejects.toThrow(midStreamErrorMessage)
    expect(seen).toEqual(emulatedAnswer(llama.name, 'Why is the sky blue?').slice(0, 3))

    const reply = await rawLines('/api/chat', { model: llama.name, messages: question })
    expect(reply.status).toBe(200)
    expect(reply.lines.slice(3)).toEqual([JSON.stringify({ error: midStreamErrorMessage }), ''])
  })

  it('cuts the connection after `faultAfterChunks` lines without a done line, which the client throws on', async () => {
    ollama.fault = 'drop'
    ollama.faultAfterChunks = 2
    const seen: string[] = []
    await expect(
      (async () => {
        for await (const part of await client().chat({ model: llama.name, messages: question, stream: true })) seen.push(part.message.content)
      })()
    ).rejects.toThrow()
    expect(seen).toHaveLength(2)
  })
})

describe('a full queue', () => {
  it('answers 503 past maxQueue waiting requests', async () => {
    const small = await startOllamaEmulator({ host: '127.0.1.62', port: 11435, models: [tiny], maxQueue: 1 })
    try {
      const running = await new Ollama({ host: small.url }).chat({ model: tiny.name, messages: question, stream: true })
      const waiting = new Ollama({ host: small.url }).chat({ model: tiny.name, messages: question, options: { num_predict: 1 } })
      await vi.waitFor(() => expect(small.requests).toHaveLength(2))
      await expect(new Ollama({ host: small.url }).chat({ model: tiny.name, messages: question })).rejects.toMatchObject({
        status_code: 503,
        error: 'server busy, please try again.  maximum pending requests exceeded'
      })
      running.abort()
      expect(await waiting).toMatchObject({ done: true, eval_count: 1 })
    } finally {
      await small.close()
    }
  })
})
