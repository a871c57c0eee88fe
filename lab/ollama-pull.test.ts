import { performance } from 'node:perf_hooks'
import { setTimeout as delay } from 'node:timers/promises'
import { Ollama, type ProgressResponse } from 'ollama'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startOllamaEmulator, type OllamaEmulator, type OllamaModel } from './ollama'

const installed: OllamaModel = {
  name: 'qwen2.5:0.5b',
  size: 397_821_319,
  digest: 'a8b0c51577010a279d933d14c2a8ab4b268079d44c5c8830c0a93900f1827c67',
  details: { family: 'qwen2', parameter_size: '494.03M', quantization_level: 'Q4_K_M', format: 'gguf' }
}
const gemma: OllamaModel = {
  name: 'gemma3:1b',
  size: 815_319_791,
  digest: '8648f39daa8fbf5b18c7b4e6a8fb4990c692751d49917417b8842ca5758e7ffc',
  details: { family: 'gemma3', parameter_size: '999.89M', quantization_level: 'Q4_K_M', format: 'gguf' }
}
/** 4 GB at the rate below: a pull that takes long enough to cancel. */
const big: OllamaModel = {
  name: 'llama3.1:8b',
  size: 4_920_753_328,
  digest: '46e0c10c039e019119339687c3c1757cc81b9da49709a3b3924863ba87ca666e',
  details: { family: 'llama', parameter_size: '8.0B', quantization_level: 'Q4_K_M', format: 'gguf' }
}
const pullBytesPerSecond = 4e9

let ollama: OllamaEmulator

beforeAll(async () => {
  ollama = await startOllamaEmulator({ host: '127.0.1.63', port: 11434, models: [installed], library: [installed, gemma, big], pullBytesPerSecond, verifyBytesPerSecond: 40e9 })
})

afterAll(() => ollama?.close())

function client(): Ollama {
  return new Ollama({ host: ollama.url })
}

async function pullAll(model: string): Promise<ProgressResponse[]> {
  const lines: ProgressResponse[] = []
  for await (const line of await client().pull({ model, stream: true })) lines.push(line)
  return lines
}

describe('POST /api/pull', () => {
  it('reports the manifest, each layer’s bytes as they come, verification and success; then lists the model', async () => {
    const lines = await pullAll('gemma3:1b')
    const statuses = lines.map((line) => line.status)
    expect(statuses[0]).toBe('pulling manifest')
    expect(statuses.slice(-3)).toEqual(['verifying sha256 digest', 'writing manifest', 'success'])
    expect(statuses).not.toContain('removing unused layers')

    const layerLines = lines.filter((line) => line.digest !== undefined)
    const digests = [...new Set(layerLines.map((line) => line.digest))]
    expect(digests).toHaveLength(5)
    let bytes = 0
    for (const digest of digests) {
      const progress = layerLines.filter((line) => line.digest === digest)
      expect(progress[0]).toEqual({ status: `pulling ${digest.slice(7, 19)}`, digest, total: progress[0]?.total })
      const completed = progress.slice(1).map((line) => line.completed)
      expect(completed).toEqual([...completed].sort((a, b) => a - b))
      expect(progress.at(-1)?.completed).toBe(progress[0]?.total)
      bytes += progress[0]?.total ?? 0
    }
    expect(bytes).toBe(gemma.size)
    // The weights take long enough for progress in between.
    expect(layerLines.filter((line) => line.digest === digests[0]).length).toBeGreaterThan(2)

    expect((await client().list()).models).toContainEqual(expect.objectContaining({ name: 'gemma3:1b', size: gemma.size, digest: gemma.digest }))
  })

  it('does not fetch again the blobs it has', async () => {
    const lines = await pullAll('qwen2.5:0.5b')
    const layerLines = lines.filter((line) => line.digest !== undefined)
    expect(layerLines).toHaveLength(5)
    expect(layerLines.every((line) => line.completed === line.total)).toBe(true)
    expect(lines.at(-1)).toEqual({ status: 'success' })
  })

  it('streams Ollama’s error line, under a 200, for a model the registry does not have', async () => {
    await expect(pullAll('nosuchmodel:7b')).rejects.toThrow('pull model manifest: file does not exist')
    const response = await fetch(`${ollama.url}/api/pull`, { method: 'POST', body: '{"model":"nosuchmodel:7b"}', signal: AbortSignal.timeout(5000) })
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toBe('application/x-ndjson')
    expect(await response.text()).toBe('{"status":"pulling manifest"}\n{"error":"pull model manifest: file does not exist"}\n')
  })

  it('answers once without streaming: the last status, or the error with a 500', async () => {
    expect(await client().pull({ model: 'qwen2.5:0.5b' })).toEqual({ status: 'success' })
    const response = await fetch(`${ollama.url}/api/pull`, { method: 'POST', body: '{"name":"nosuchmodel","stream":false}', signal: AbortSignal.timeout(5000) })
    expect(response.status).toBe(500)
    expect(response.headers.get('content-type')).toBe('application/json')
    expect(await response.text()).toBe('{"error":"pull model manifest: file does not exist"}')
  })

  it('stops when the client cancels, and does not list the model', async () => {
    const pull = await client().pull({ model: big.name, stream: true })
    let progress = 0
    await expect(
      (async () => {
        for await (const line of pull) {
          if (line.completed !== undefined && ++progress === 2) pull.abort()
        }
      })()
    ).rejects.toMatchObject({ name: 'AbortError' })
    // Longer than the whole pull would take: a server that went on would list the model by now.
    await delay((big.size / pullBytesPerSecond) * 1000 + 300)
    expect((await client().list()).models.map((model) => model.name)).not.toContain(big.name)
    // The next pull starts the weights over (the emulator keeps no partial blobs) and completes.
    const again = await pullAll(big.name)
    expect(again.at(-1)).toEqual({ status: 'success' })
    expect((await client().list()).models.map((model) => model.name)).toContain(big.name)
  })
})

describe('verification', () => {
  /** 800 MB downloaded in a moment, then hashed at 1 GB/s: 0.8 s without a line. */
  const verifying: OllamaModel = { ...gemma, name: 'verify-me:1b', size: 800_000_000 }
  let slowDisk: OllamaEmulator

  beforeAll(async () => {
    slowDisk = await startOllamaEmulator({ host: '127.0.1.86', port: 11434, library: [verifying], pullBytesPerSecond: 16e9, verifyBytesPerSecond: 1e9 })
  })

  afterAll(() => slowDisk?.close())

  it('hashes the downloaded layers after "verifying sha256 digest" without a word, as Ollama does', async () => {
    const arrivals: { status: string; at: number }[] = []
    for await (const line of await new Ollama({ host: slowDisk.url }).pull({ model: verifying.name, stream: true })) {
      arrivals.push({ status: line.status, at: performance.now() })
    }
    const verify = arrivals.findIndex((arrival) => arrival.status === 'verifying sha256 digest')
    expect(arrivals[verify + 1]?.status).toBe('writing manifest')
    // The silence lasts the hashing; half of it leaves room for this process reading the first line late.
    expect(arrivals[verify + 1]!.at - arrivals[verify]!.at).toBeGreaterThanOrEqual(((verifying.size / 1e9) * 1000) / 2)
  })
})

describe('DELETE /api/delete', () => {
  it('removes a model with an empty 200, and answers 404 after', async () => {
    const first = await fetch(`${ollama.url}/api/delete`, { method: 'DELETE', body: '{"model":"gemma3:1b"}', signal: AbortSignal.timeout(5000) })
    expect(first.status).toBe(200)
    expect(first.headers.get('content-type')).toBeNull()
    expect(await first.text()).toBe('')
    expect((await client().list()).models.map((model) => model.name)).not.toContain('gemma3:1b')
    await expect(client().delete({ model: 'gemma3:1b' })).rejects.toMatchObject({ status_code: 404, error: "model 'gemma3:1b' not found" })
  })

  it('deletes through the npm client, which then cannot show it', async () => {
    expect(await client().delete({ model: 'qwen2.5:0.5b' })).toEqual({ status: 'success' })
    await expect(client().show({ model: 'qwen2.5:0.5b' })).rejects.toMatchObject({ status_code: 404 })
  })
})
