import { Ollama } from 'ollama'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startOllamaEmulator, type OllamaEmulator, type OllamaModel } from './ollama'
import { llama1b } from './ollama-fixtures'

const model: OllamaModel = { ...llama1b, capabilities: ['completion', 'tools'], contextLength: 131_072 }
const embedder: OllamaModel = {
  name: 'nomic-embed-text:latest',
  size: 274_302_450,
  digest: '0a109f422b47e3a30ba2b10eca18548e944e8a23073ee3f3e947efcf3c45e59f',
  details: { family: 'nomic-bert', parameter_size: '137M', quantization_level: 'F16', format: 'gguf' },
  capabilities: ['embedding']
}

let ollama: OllamaEmulator

beforeAll(async () => {
  ollama = await startOllamaEmulator({ host: '127.0.1.61', port: 11434, version: '0.12.6', models: [model, embedder], tokensPerSecond: 2000 })
})

afterAll(() => ollama?.close())

async function raw(path: string, method = 'GET', body?: string) {
  const response = await fetch(`${ollama.url}${path}`, { method, ...(body !== undefined && { body }), signal: AbortSignal.timeout(5000) })
  return { status: response.status, type: response.headers.get('content-type'), body: await response.text() }
}

describe('the Ollama emulator', () => {
  it('answers / and unknown routes with Gin’s exact bytes', async () => {
    expect(await raw('/')).toEqual({ status: 200, type: 'text/plain; charset=utf-8', body: 'Ollama is running' })
    expect(await raw('/api/nothing')).toEqual({ status: 404, type: 'text/plain', body: '404 page not found' })
    expect(await raw('/api/ps', 'POST')).toEqual({ status: 404, type: 'text/plain', body: '404 page not found' })
  })

  it('orders fields as Ollama’s Go structs do', async () => {
    ollama.setLoaded([{ name: model.name, size: 2_000_000_000, size_vram: 1_000_000_000, context_length: 8192, expires_at: new Date('2030-01-02T03:04:05.120Z') }])
    const ps = await raw('/api/ps')
    expect(ps.type).toBe('application/json; charset=utf-8')
    expect(ps.body).toBe(
      '{"models":[{"name":"llama3.2:1b","model":"llama3.2:1b","size":2000000000,' +
        '"digest":"baf6a787fdffd633537aa2eb51cfd54cb93ff08e28040095462bb63daf552878",' +
        '"details":{"parent_model":"","format":"gguf","family":"llama","families":["llama"],"parameter_size":"1.2B","quantization_level":"Q8_0"},' +
        '"expires_at":"2030-01-02T03:04:05.12Z","size_vram":1000000000,"context_length":8192}]}'
    )
    const tags = JSON.parse((await raw('/api/tags')).body)
    expect(Object.keys(tags.models[0])).toEqual(['name', 'model', 'modified_at', 'size', 'digest', 'details'])
    // time.Time with nanoseconds, as Go writes it.
    expect(tags.models[0].modified_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{1,9})?Z$/)
  })

  it('is understood by the npm ollama client', async () => {
    ollama.setLoaded([{ name: model.name }])
    const client = new Ollama({ host: ollama.url })
    expect(await client.version()).toEqual({ version: '0.12.6' })
    expect((await client.list()).models).toMatchObject([
      { name: model.name, size: model.size, details: { family: 'llama' } },
      { name: embedder.name, details: { family: 'nomic-bert' } }
    ])
    const [loaded] = (await client.ps()).models
    expect(loaded).toMatchObject({ name: model.name, size: model.size, size_vram: model.size })
    expect(Date.parse(String(loaded?.expires_at))).toBeGreaterThan(Date.now())
  })

  it('refuses to load a model it does not have', () => {
    expect(() => ollama.setLoaded([{ name: 'mistral:7b' }])).toThrow('the server has no such model')
  })

  it('answers 503 with Ollama’s busy message', async () => {
    ollama.fault = '503'
    try {
      const client = new Ollama({ host: ollama.url })
      await expect(client.ps()).rejects.toMatchObject({
        status_code: 503,
        error: 'server busy, please try again.  maximum pending requests exceeded'
      })
    } finally {
      ollama.fault = 'none'
    }
  })

  it('never answers, not even the headers, when it hangs', async () => {
    ollama.fault = 'hang'
    try {
      const before = ollama.requests.length
      await expect(fetch(`${ollama.url}/api/tags`, { signal: AbortSignal.timeout(300) })).rejects.toMatchObject({ name: 'TimeoutError' })
      expect(ollama.requests.slice(before)).toEqual([{ method: 'GET', path: '/api/tags', body: undefined }])
    } finally {
      ollama.fault = 'none'
    }
  })
})

describe('/api/show', () => {
  it('gives the details, parameters, template, capabilities and model_info, in ShowResponse’s order', async () => {
    const client = new Ollama({ host: ollama.url })
    const shown = await client.show({ model: 'llama3.2:1b' })
    expect(Object.keys(shown)).toEqual(['license', 'modelfile', 'parameters', 'template', 'details', 'model_info', 'capabilities', 'modified_at'])
    expect(shown).toMatchObject({
      details: { parent_model: '', format: 'gguf', family: 'llama', families: ['llama'], parameter_size: '1.2B', quantization_level: 'Q8_0' },
      capabilities: ['completion', 'tools']
    })
    expect(shown.parameters).toBe(['stop                           "<|start_header_id|>"', 'stop                           "<|end_header_id|>"', 'stop                           "<|eot_id|>"'].join('\n'))
    expect(shown.template).toContain('{{ .Prompt }}')
    expect(shown.modelfile).toMatch(/^# Modelfile generated by "ollama show"\n[\s\S]*\nFROM \/root\/\.ollama\/models\/blobs\/sha256-[0-9a-f]{64}\n/)
    const info = shown.model_info as unknown as Record<string, unknown>
    expect(info).toMatchObject({ 'general.architecture': 'llama', 'general.parameter_count': 1_200_000_000, 'llama.context_length': 131_072 })
    // encoding/json writes a map's keys sorted.
    expect(Object.keys(info)).toEqual([...Object.keys(info)].sort())
    // The body is Go's: "<" escaped as \u003c.
    expect((await raw('/api/show', 'POST', '{"model":"llama3.2:1b"}')).body).toContain('stop                           \\"\\u003c|eot_id|\\u003e\\"')
  })

  it('shows an embedding model without a template', async () => {
    const shown = await new Ollama({ host: ollama.url }).show({ model: 'nomic-embed-text' })
    expect(shown.capabilities).toEqual(['embedding'])
    expect('template' in shown).toBe(false)
  })

  it('answers 404 for a model it does not have and 400 without a name', async () => {
    expect(await raw('/api/show', 'POST', '{"model":"mistral:7b"}')).toEqual({
      status: 404,
      type: 'application/json; charset=utf-8',
      body: '{"error":"model \'mistral:7b\' not found"}'
    })
    expect(await raw('/api/show', 'POST', '{}')).toMatchObject({ status: 400, body: '{"error":"model is required"}' })
  })
})

describe('bad requests', () => {
  it.each([
    ['/api/chat', '', 'missing request body'],
    ['/api/chat', 'hello', "invalid character 'h' looking for beginning of value"],
    ['/api/chat', '{"model":', 'unexpected EOF'],
    ['/api/chat', '[1]', 'json: cannot unmarshal array into Go value of type api.ChatRequest'],
    ['/api/chat', '{"model":7}', 'json: cannot unmarshal number into Go struct field ChatRequest.model of type string'],
    ['/api/chat', '{"model":"","messages":[{"role":"user","content":"hi"}]}', 'model is required'],
    ['/api/chat', '{"model":"llama3.2:1b","messages":["hi"]}', 'json: cannot unmarshal string into Go struct field ChatRequest.messages of type api.Message'],
    ['/api/generate', '{"model":"llama3.2:1b","prompt":"hi","stream":"yes"}', 'json: cannot unmarshal string into Go struct field GenerateRequest.stream of type bool'],
    ['/api/generate', '{"model":"llama3.2:1b","prompt":"hi","keep_alive":"300"}', 'time: missing unit in duration "300"'],
    ['/api/generate', '{"model":"llama3.2:1b","prompt":"hi","keep_alive":true}', "Unsupported type: 'bool'"],
    ['/api/chat', '{"model":"nomic-embed-text","messages":[{"role":"user","content":"hi"}]}', '"nomic-embed-text" does not support chat'],
    ['/api/chat', '{"model":"llama3.2:1b","messages":[{"role":"user","content":"hi"}],"think":true}', '"llama3.2:1b" does not support thinking'],
    ['/api/pull', '{"model":""}', 'invalid model name']
  ])('%s with %j is a 400 saying %s', async (path, body, error) => {
    expect(await raw(path, 'POST', body)).toEqual({ status: 400, type: 'application/json; charset=utf-8', body: JSON.stringify({ error }) })
  })

  it('names an option of the wrong type as Ollama’s scheduler does, with a 500', async () => {
    const reply = await raw('/api/generate', 'POST', '{"model":"llama3.2:1b","prompt":"hi","options":{"num_predict":"ten"}}')
    expect(reply).toMatchObject({ status: 500, body: '{"error":"option \\"num_predict\\" must be of type integer"}' })
  })
})

describe('the record of requests', () => {
  it('keeps what the client sent: route, options and keep_alive', async () => {
    const before = ollama.requests.length
    const client = new Ollama({ host: ollama.url })
    await client.generate({ model: 'llama3.2:1b', prompt: 'hi', keep_alive: '10m', options: { seed: 42, num_predict: 3, temperature: 0.2 } })
    expect(ollama.requests.slice(before)).toEqual([
      {
        method: 'POST',
        path: '/api/generate',
        body: { model: 'llama3.2:1b', prompt: 'hi', keep_alive: '10m', options: { seed: 42, num_predict: 3, temperature: 0.2 }, stream: false }
      }
    ])
  })
})
