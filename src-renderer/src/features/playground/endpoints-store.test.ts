import { beforeEach, describe, expect, it } from 'vitest'
import type { EndpointOverview } from '../../../../src-shared/ollama'
import { setApi } from '../../api/api'
import { RequestFailure } from '../../api/client'
import { fakeClient } from '../../testing/fake-client'
import { useEndpointsStore } from './endpoints-store'

const pi = { id: 'pi-llm/ollama', name: 'Pi LLM › Ollama', url: 'http://127.0.1.5:11434', nodeId: 'pi-llm', adhoc: false }
const gpu = { id: 'gpu/ollama', name: 'GPU PC › Ollama', url: 'http://127.0.1.6:11434', nodeId: 'gpu', adhoc: false }
const overview = (endpointId: string, version: string): EndpointOverview => ({ endpointId, version, models: [], loaded: [] })
const flush = () => new Promise((resolve) => setTimeout(resolve, 0))
const initial = useEndpointsStore.getState()

beforeEach(() => useEndpointsStore.setState(initial, true))

describe('useEndpointsStore', () => {
  it('reads an overview when shown, and again when the core says it changed', async () => {
    let version = 0
    const fake = fakeClient({ 'ollama.endpoints': () => [pi, gpu], 'ollama.overview': (input) => overview((input as { endpointId: string }).endpointId, `0.6.${version++}`) })
    setApi(fake.client)
    const stop = useEndpointsStore.getState().start()
    await flush()
    expect(useEndpointsStore.getState().endpoints.map((endpoint) => endpoint.id)).toEqual(['pi-llm/ollama', 'gpu/ollama'])
    useEndpointsStore.getState().ensureOverview('pi-llm/ollama')
    useEndpointsStore.getState().ensureOverview('pi-llm/ollama')
    await flush()
    expect(useEndpointsStore.getState().overviews['pi-llm/ollama']).toEqual({ loading: false, overview: overview('pi-llm/ollama', '0.6.0'), error: null })
    fake.emit('ollama.changed', { endpointId: 'pi-llm/ollama' })
    fake.emit('ollama.changed', { endpointId: 'gpu/ollama' })
    await flush()
    expect(useEndpointsStore.getState().overviews['pi-llm/ollama']?.overview?.version).toBe('0.6.1')
    expect(useEndpointsStore.getState().overviews['gpu/ollama']).toBeUndefined()
    fake.emit('ollama.endpoints', [gpu])
    expect(useEndpointsStore.getState().overviews).toEqual({})
    stop()
  })

  it('keeps the last overview and says why when an endpoint cannot be read; an older answer never wins', async () => {
    const answers: { resolve: (value: unknown) => void; reject: (error: unknown) => void }[] = []
    setApi(fakeClient({ 'ollama.overview': () => new Promise((resolve, reject) => answers.push({ resolve, reject })) }).client)
    const first = useEndpointsStore.getState().reloadOverview('pi-llm/ollama')
    const second = useEndpointsStore.getState().reloadOverview('pi-llm/ollama')
    answers[1]!.resolve(overview('pi-llm/ollama', 'new'))
    answers[0]!.resolve(overview('pi-llm/ollama', 'old'))
    await Promise.all([first, second])
    expect(useEndpointsStore.getState().overviews['pi-llm/ollama']?.overview?.version).toBe('new')
    const third = useEndpointsStore.getState().reloadOverview('pi-llm/ollama')
    answers[2]!.reject(new RequestFailure('ollama.overview', { code: 'failed', message: 'Pi LLM › Ollama cannot be reached: connection refused' }))
    await third
    expect(useEndpointsStore.getState().overviews['pi-llm/ollama']).toEqual({
      loading: false,
      overview: overview('pi-llm/ollama', 'new'),
      error: 'Pi LLM › Ollama cannot be reached: connection refused'
    })
  })

  it('adds an ad-hoc endpoint, or says what is wrong with its address', async () => {
    const adhoc = { id: 'adhoc-1', name: 'Laptop', url: 'http://127.0.0.1:11434', nodeId: null, adhoc: true }
    const fake = fakeClient({ 'ollama.addEndpoint': () => adhoc, 'ollama.overview': () => overview('adhoc-1', '0.6.0') })
    setApi(fake.client)
    expect(await useEndpointsStore.getState().addEndpoint(' http://127.0.0.1:11434 ', ' Laptop ')).toBeNull()
    expect(fake.calls[0]).toEqual({ name: 'ollama.addEndpoint', input: { url: 'http://127.0.0.1:11434', name: 'Laptop' } })
    expect(useEndpointsStore.getState().endpoints).toEqual([adhoc])
    // The core would refuse these with its invalid-input report: the page says what is wrong in the user's words, sending nothing.
    expect(await useEndpointsStore.getState().addEndpoint('ftp://x', '')).toBe('an http:// or https:// address, e.g. http://192.168.1.20:11434')
    expect(await useEndpointsStore.getState().addEndpoint('http://10.0.0.5:11434/?token=1', '')).toBe(
      'an address without "?…" or "#…": Ollama is reached at its host, port and path alone'
    )
    expect(fake.calls).toHaveLength(2)

    setApi(
      fakeClient({
        'ollama.addEndpoint': () => {
          throw new RequestFailure('ollama.addEndpoint', { code: 'failed', message: 'http://10.0.0.5:11434 is already listed as Laptop' })
        }
      }).client
    )
    expect(await useEndpointsStore.getState().addEndpoint('http://10.0.0.5:11434', '')).toBe('http://10.0.0.5:11434 is already listed as Laptop')
  })
})
