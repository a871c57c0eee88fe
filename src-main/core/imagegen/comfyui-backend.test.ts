import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startComfyuiEmulator, type ComfyuiEmulator } from '../../../lab/comfyui'
import type { JobProgress } from '../../../src-shared/imagegen'
import type { RunHooks } from './backend'
import { defaultBackendTiming } from './backend-timing'
import { comfyuiBackend } from './comfyui-backend'

let comfy: ComfyuiEmulator

beforeAll(async () => {
  // Slow enough that a job of 150 steps runs far past the limit below.
  comfy = await startComfyuiEmulator({ host: '127.0.1.127', port: 8188, secondsPerStep: 0.1, loadSeconds: 0.02 })
})

afterAll(async () => {
  await comfy?.close()
})

describe('ComfyUI backend', () => {
  it('fails a job still running past its time limit and stops that prompt on ComfyUI', async () => {
    const backend = comfyuiBackend({ url: comfy.url, where: () => 'ComfyUI at Lab', clientId: 'time-limit-test', timing: { ...defaultBackendTiming, generationMs: 1000, pollMs: 40 } })
    const progress: JobProgress[] = []
    const hooks: RunHooks = { accepted: () => undefined, progress: (value) => progress.push(value), preview: () => undefined }
    const params = { prompt: 'a slow lighthouse', negativePrompt: '', width: 64, height: 64, steps: 150, cfg: 7, seed: 1, model: null, workflow: null }

    const outcome = await backend.run({ taskId: 'overrun-1', params, seed: 1 }, hooks, new AbortController().signal)
    backend.close()

    expect(outcome).toEqual({ kind: 'failed', reason: 'ComfyUI at Lab did not finish this job within 1 s; asked it to stop' })
    expect(progress.some((value) => (value.step ?? 0) > 0)).toBe(true)
    // The interrupt named this prompt, and ComfyUI ended it there instead of running 15 s more.
    await expect
      .poll(async () => {
        const history = (await (await fetch(`${comfy.url}/history/overrun-1`)).json()) as Record<string, { status: { messages: [string][] } }>
        return history['overrun-1']?.status.messages.map(([name]) => name) ?? []
      })
      .toContain('execution_interrupted')
  })
})
