import { Ollama } from 'ollama'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startOllamaEmulator, type OllamaEmulator } from './ollama'

const model = {
  name: 'llama3.2:1b',
  size: 1_321_098_329,
  digest: 'baf6a787fdffd633537aa2eb51cfd54cb93ff08e28040095462bb63daf552878',
  details: { family: 'llama', parameter_size: '1.2B', quantization_level: 'Q8_0', format: 'gguf' }
}

let ollama: OllamaEmulator

beforeAll(async () => {
  ollama = await startOllamaEmulator({ host: '127.0.1.60', port: 11434, version: '0.12.6', models: [model] })
})

afterAll(() => ollama?.close())

async function raw(path: string, method = 'GET') {
  const response = await fetch(`${ollama.url}${path}`, { method })
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
    expect(Object.keys(JSON.parse((await raw('/api/tags')).body).models[0])).toEqual(['name', 'model', 'modified_at', 'size', 'digest', 'details'])
  })

  it('is understood by the npm ollama client', async () => {
    ollama.setLoaded([{ name: model.name }])
    const client = new Ollama({ host: ollama.url })
    expect(await client.version()).toEqual({ version: '0.12.6' })
    expect((await client.list()).models).toMatchObject([{ name: model.name, size: model.size, details: { family: 'llama' } }])
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
})
