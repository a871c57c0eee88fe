import { createServer, type Server } from 'node:net'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { startOllamaEmulator, type OllamaEmulator } from '../../../lab/ollama'
import { llama1b as llama, qwen7b as qwen } from '../../../lab/ollama-fixtures'
import type { OllamaEndpoint } from '../../../src-shared/ollama'
import { createOllamaHttp, OllamaError } from './ollama-http'
import { fetchOverview } from './overview'


/** Short timeouts: the hang case must not take the default five seconds. */
const http = createOllamaHttp({ quickMs: 300, answerMs: 300, idleMs: 300 })
let ollama: OllamaEmulator
/** Answers every connection with bytes that are not HTTP. */
let notHttp: Server

function endpoint(url: string, name = 'Pi › Ollama'): OllamaEndpoint {
  return { id: 'pi/ollama', name, url, nodeId: 'pi', adhoc: false }
}

async function failure(url: string): Promise<OllamaError> {
  const error = await fetchOverview(http, endpoint(url)).then(
    () => undefined,
    (thrown: unknown) => thrown
  )
  if (!(error instanceof OllamaError)) throw new Error(`expected an OllamaError, got ${String(error)}`)
  return error
}

beforeAll(async () => {
  ollama = await startOllamaEmulator({ host: '127.0.1.65', port: 11434, version: '0.12.6', models: [llama, qwen] })
  notHttp = createServer((socket) => socket.resume().end('\x00\x01 this is not http\r\n\r\n'))
  await new Promise<void>((resolve) => notHttp.listen(11434, '127.0.1.68', resolve))
})

afterEach(() => {
  ollama.fault = 'none'
})

afterAll(async () => {
  await ollama?.close()
  await new Promise((resolve) => (notHttp ? notHttp.close(resolve) : resolve(undefined)))
})

describe('the overview of an endpoint', () => {
  it('gives the version, the models on disk and the loaded ones with their VRAM and expiry', async () => {
    const expires = new Date(Date.now() + 4 * 60_000)
    ollama.setLoaded([{ name: qwen.name, size: 6_000_000_000, size_vram: 2_880_000_000, context_length: 8192, expires_at: expires }])
    const overview = await fetchOverview(http, endpoint(ollama.url))
    expect(overview).toEqual({
      endpointId: 'pi/ollama',
      version: '0.12.6',
      models: [
        { name: llama.name, family: 'llama', parameterSize: '1.2B', quantization: 'Q8_0', size: llama.size, modifiedAt: expect.any(String) },
        { name: qwen.name, family: 'qwen2', parameterSize: '7.6B', quantization: 'Q4_K_M', size: qwen.size, modifiedAt: expect.any(String) }
      ],
      loaded: [{ name: qwen.name, size: 6_000_000_000, sizeVram: 2_880_000_000, expiresAt: expect.any(String), contextLength: 8192 }]
    })
    expect(Date.parse(overview.loaded[0]!.expiresAt!)).toBe(expires.getTime())
  })

  it('shows a model kept loaded for ever (keep_alive -1) without an expiry', async () => {
    // Ollama's expiry for keep_alive -1: now plus the largest Go duration, about 292 years.
    ollama.setLoaded([{ name: llama.name, expires_at: new Date(Date.now() + 292 * 365 * 24 * 3600 * 1000) }])
    const overview = await fetchOverview(http, endpoint(ollama.url))
    expect(overview.loaded).toMatchObject([{ name: llama.name, expiresAt: null }])
  })

  it('says the endpoint refused the connection, naming it', async () => {
    const error = await failure('http://127.0.1.69:11434')
    expect(error.kind).toBe('unreachable')
    expect(error.message).toBe('Ollama at Pi › Ollama (http://127.0.1.69:11434) refused the connection')
  })

  it('gives up on a server that never answers', async () => {
    ollama.fault = 'hang'
    const error = await failure(ollama.url)
    expect(error.kind).toBe('timeout')
    expect(error.message).toBe(`Ollama at Pi › Ollama (${ollama.url}) did not answer within 300 ms`)
  })

  it("says a full queue is Ollama's busy answer", async () => {
    ollama.fault = '503'
    const error = await failure(ollama.url)
    expect(error.kind).toBe('busy')
    expect(error.message).toBe(`Ollama at Pi › Ollama (${ollama.url}): server busy, please try again.  maximum pending requests exceeded`)
  })

  it('says when another web server answers at the address', async () => {
    ollama.fault = 'garbage'
    const error = await failure(ollama.url)
    expect(error.kind).toBe('bad-reply')
    expect(error.message).toContain('answered, but not as Ollama does')
  })

  it('says when what answers does not speak HTTP', async () => {
    const error = await failure('http://127.0.1.68:11434')
    expect(error.kind).toBe('bad-reply')
    expect(error.message).toBe('Ollama at Pi › Ollama (http://127.0.1.68:11434) answered, but not as Ollama does: is another server at that address?')
  })

  it('names an ad-hoc endpoint by its URL alone', async () => {
    const error = await fetchOverview(http, endpoint('http://127.0.1.69:11434', 'http://127.0.1.69:11434')).catch((thrown: Error) => thrown)
    expect((error as Error).message).toBe('Ollama at http://127.0.1.69:11434 refused the connection')
  })
})
