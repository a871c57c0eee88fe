import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startOllamaEmulator, type OllamaEmulator, type OllamaModel } from '../../../lab/ollama'
import type { OllamaEndpoint, PullProgress } from '../../../src-shared/ollama'
import { createOllamaHttp, type OllamaTimeouts } from './ollama-http'
import { PullManager } from './pulls'

const details = { family: 'llama', parameter_size: '1B', quantization_level: 'Q4_K_M', format: 'gguf' }
/** 1.2 GB: a moment to download at the rate below, then over a second of silent verification. */
const first: OllamaModel = { name: 'llama3.2:1b', size: 1_200_000_000, digest: 'a'.repeat(64), details }
const second: OllamaModel = { name: 'gemma3:1b', size: 1_200_000_000, digest: 'b'.repeat(64), details }
const verifyBytesPerSecond = 1e9

let ollama: OllamaEmulator
let endpoint: OllamaEndpoint

beforeAll(async () => {
  ollama = await startOllamaEmulator({ host: '127.0.1.85', port: 11434, library: [first, second], pullBytesPerSecond: 12e9, verifyBytesPerSecond })
  endpoint = { id: 'pi/ollama', name: 'Pi › Ollama', url: ollama.url, nodeId: 'pi', adhoc: false }
})

afterAll(() => ollama?.close())

/** Pulls `model` and resolves with its last progress, once it stopped running. */
function pull(model: string, timeouts: Partial<OllamaTimeouts>): Promise<PullProgress> {
  return new Promise((resolve) => {
    const pulls = new PullManager({
      http: createOllamaHttp(timeouts),
      emit: (progress) => {
        if (progress.state !== 'running') resolve(progress)
      },
      changed: () => undefined
    })
    pulls.start(endpoint, model)
  })
}

describe('a pull', () => {
  // Answers are given up on after 300 ms of silence; the download's reports come every 60 ms.
  it("waits out Ollama's silent verification of what it downloaded, longer than an answer may be silent", async () => {
    const done = await pull(first.name, { idleMs: 300, pullIdleMs: 10_000 })
    expect(done).toMatchObject({ state: 'done', status: 'success', error: null })
  })

  it('still gives up on a pull silent for longer than its own limit', async () => {
    const failed = await pull(second.name, { idleMs: 10_000, pullIdleMs: 300 })
    expect(failed).toMatchObject({ state: 'failed', status: 'verifying sha256 digest', error: `Ollama at Pi › Ollama (${ollama.url}) sent nothing for 300 ms` })
  })
})
