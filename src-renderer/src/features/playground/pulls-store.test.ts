import { beforeEach, describe, expect, it } from 'vitest'
import type { PullProgress } from '../../../../src-shared/ollama'
import { setApi } from '../../api/api'
import { RequestFailure } from '../../api/client'
import { fakeClient } from '../../testing/fake-client'
import { usePullsStore } from './pulls-store'

const progress = (state: PullProgress['state'], status: string, layers: PullProgress['layers']): PullProgress => ({
  pullId: 'p3',
  endpointId: 'pi-llm/ollama',
  model: 'qwen3:0.6b',
  status,
  layers,
  state,
  error: null
})

beforeEach(() => usePullsStore.setState({ pulls: {} }))

describe('usePullsStore', () => {
  it('follows a pull layer by layer, and a late reply to "pull" does not roll it back', async () => {
    const fake: ReturnType<typeof fakeClient> = fakeClient({
      'ollama.pull': () => {
        // The core's first progress event can overtake its reply.
        fake.emit('ollama.pullProgress', progress('running', 'pulling 6a0746a1ec1a', [{ digest: 'sha256:6a0746a1ec1a', total: 1000, completed: 200 }]))
        return progress('running', 'pulling manifest', [])
      },
      'ollama.pulls': () => []
    })
    setApi(fake.client)
    const stop = usePullsStore.getState().start()
    expect(await usePullsStore.getState().pull('pi-llm/ollama', 'qwen3:0.6b')).toBeNull()
    expect(usePullsStore.getState().pulls.p3?.layers).toEqual([{ digest: 'sha256:6a0746a1ec1a', total: 1000, completed: 200 }])
    fake.emit('ollama.pullProgress', progress('done', 'success', [{ digest: 'sha256:6a0746a1ec1a', total: 1000, completed: 1000 }]))
    fake.emit('ollama.pullProgress', progress('running', 'verifying sha256 digest', []))
    expect(usePullsStore.getState().pulls.p3).toMatchObject({ state: 'done', status: 'success' })
    usePullsStore.getState().dismiss('p3')
    expect(usePullsStore.getState().pulls).toEqual({})
    stop()
  })

  it('says why a pull could not start, and cancels one by its id', async () => {
    const fake = fakeClient({
      'ollama.pull': () => {
        throw new RequestFailure('ollama.pull', { code: 'failed', message: 'Pi LLM › Ollama cannot be reached: connection refused' })
      },
      'ollama.cancelPull': () => ({})
    })
    setApi(fake.client)
    expect(await usePullsStore.getState().pull('pi-llm/ollama', 'qwen3:0.6b')).toBe('Pi LLM › Ollama cannot be reached: connection refused')
    await usePullsStore.getState().cancel('p3')
    expect(fake.calls.at(-1)).toEqual({ name: 'ollama.cancelPull', input: { pullId: 'p3' } })
  })
})
