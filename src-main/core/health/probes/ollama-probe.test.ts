import { createServer, type Server } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startOllamaEmulator, type OllamaEmulator } from '../../../../lab/ollama'
import { llama1b as llama, qwen7b as qwen } from '../../../../lab/ollama-fixtures'
import type { ProbeResult } from '../probe'
import { ollamaProbe } from './ollama-probe'

const address = '127.0.1.60'

let ollama: OllamaEmulator
/** Answers every connection with bytes that are not HTTP, then reads on to see the client hang up. */
let notHttp: Server

beforeAll(async () => {
  ollama = await startOllamaEmulator({ host: address, port: 11434, version: '0.12.6', models: [llama, qwen], loaded: [{ name: llama.name }] })
  notHttp = createServer((socket) => socket.resume().end('\x00\x01 this is not http\r\n\r\n'))
  await new Promise<void>((resolve) => notHttp.listen(11436, address, resolve))
})

afterAll(async () => {
  await ollama?.close()
  await new Promise((resolve) => (notHttp ? notHttp.close(resolve) : resolve(undefined)))
})

/** Runs the probe the way the scheduler does: aborted at its timeout. */
function check(url: string, timeoutMs = 1000): Promise<ProbeResult> {
  const probe = ollamaProbe({ id: 'ollama', url, intervalMs: 10_000, timeoutMs })
  const controller = new AbortController()
  const timer = setTimeout(() => controller.abort(new Error('timeout')), timeoutMs)
  return probe.run(controller.signal).finally(() => clearTimeout(timer))
}

describe('the ollama probe', () => {
  it('reports the version and the loaded models with their size and share on the GPU', async () => {
    ollama.setLoaded([{ name: llama.name }, { name: qwen.name, size: 6_000_000_000, size_vram: 2_880_000_000 }])
    const result = await check(ollama.url)
    expect(result).toMatchObject({
      status: 'up',
      facts: [
        { label: 'version', value: '0.12.6' },
        { label: 'loaded models', value: 'llama3.2:1b (1.3 GB, 100% GPU), qwen2.5:7b (6 GB, 48% GPU)' }
      ],
      samples: { vram: llama.size + 2_880_000_000 }
    })
    expect(result.latencyMs).toBeGreaterThan(0)
    expect(result.samples?.['latency']).toBe(result.latencyMs)
  })

  it('follows the models as they are unloaded', async () => {
    ollama.setLoaded([])
    expect(await check(ollama.url)).toMatchObject({ status: 'up', facts: [{ label: 'version' }, { label: 'loaded models', value: 'none' }], samples: { vram: 0 } })
    ollama.setLoaded([{ name: llama.name, size_vram: 0 }])
    expect(await check(`${ollama.url}/`)).toMatchObject({ facts: [{}, { value: 'llama3.2:1b (1.3 GB, 0% GPU)' }], samples: { vram: 0 } })
  })

  it.each([
    ['503', 'HTTP 503'],
    ['hang', 'timeout'],
    ['garbage', "the reply is not Ollama's"]
  ] as const)('gives a clear reason when Ollama goes %s', async (fault, reason) => {
    ollama.fault = fault
    try {
      expect(await check(ollama.url, 300)).toEqual({ status: 'down', reason })
    } finally {
      ollama.fault = 'none'
    }
  })

  it('says the reply is not Ollama’s when the port does not even speak HTTP', async () => {
    expect(await check(`http://${address}:11436`)).toEqual({ status: 'down', reason: "the reply is not Ollama's" })
  })

  it('says "refused" when nothing listens', async () => {
    expect(await check(`http://${address}:11435`)).toEqual({ status: 'down', reason: 'refused' })
  })

  it('stops at once when the scheduler aborts it', async () => {
    ollama.fault = 'hang'
    try {
      const controller = new AbortController()
      const run = ollamaProbe({ id: 'ollama', url: ollama.url, intervalMs: 10_000, timeoutMs: 60_000 }).run(controller.signal)
      controller.abort(new Error('removed'))
      expect(await run).toEqual({ status: 'down', reason: 'timeout' })
    } finally {
      ollama.fault = 'none'
    }
  })
})
