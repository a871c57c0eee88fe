import { create } from 'zustand'
import { AddEndpointInput, type EndpointOverview, type OllamaEndpoint } from '../../../../src-shared/ollama'
import { api } from '../../api/api'
import { isMissingFeature, messageOf } from '../../api/failures'
import { useToastStore } from '../../app/toast-store'

export interface OverviewState {
  readonly loading: boolean
  /** The last good overview, kept on screen while the next one loads. */
  readonly overview: EndpointOverview | null
  /** Why the endpoint could not be read, in the core's words. */
  readonly error: string | null
}

export type ModelAction = 'load' | 'unload' | 'delete'

interface EndpointsStore {
  readonly endpoints: readonly OllamaEndpoint[]
  readonly loaded: boolean
  readonly listError: string | null
  readonly overviews: Readonly<Record<string, OverviewState>>
  /** The action under way per "endpointId model", so its buttons wait. */
  readonly busy: Readonly<Record<string, ModelAction>>
  start(): () => void
  /** Lists the endpoints again and re-reads every overview already shown. */
  refresh(): Promise<void>
  /** Reads an endpoint's overview once; later changes come from `ollama.changed`. */
  ensureOverview(endpointId: string): void
  reloadOverview(endpointId: string): Promise<void>
  /** Resolves with the problem, or null when the endpoint was added. */
  addEndpoint(url: string, name: string): Promise<string | null>
  removeEndpoint(endpointId: string): Promise<void>
  load(endpointId: string, model: string, keepAlive: number): Promise<void>
  unload(endpointId: string, model: string): Promise<void>
  /** Resolves with the problem, or null when the model was deleted. */
  deleteModel(endpointId: string, model: string): Promise<string | null>
}

export const busyKey = (endpointId: string, model: string) => `${endpointId} ${model}`

export function endpointName(endpointId: string | null): string {
  if (endpointId === null) return 'no endpoint'
  return useEndpointsStore.getState().endpoints.find((endpoint) => endpoint.id === endpointId)?.name ?? endpointId
}

const toast = (message: string) => useToastStore.getState().show(message)

/** The Ollama endpoints (inventory services and ad-hoc URLs) and what each has on disk and in memory. */
export const useEndpointsStore = create<EndpointsStore>()((set, get) => {
  /** The latest overview request per endpoint: an older answer arriving late is dropped. */
  const latestRequest = new Map<string, number>()
  let requestCount = 0

  const setOverview = (endpointId: string, patch: Partial<OverviewState>) => {
    const before = get().overviews[endpointId] ?? { loading: false, overview: null, error: null }
    set({ overviews: { ...get().overviews, [endpointId]: { ...before, ...patch } } })
  }

  const setEndpoints = (endpoints: readonly OllamaEndpoint[]) => {
    const kept = new Set(endpoints.map((endpoint) => endpoint.id))
    const overviews = Object.fromEntries(Object.entries(get().overviews).filter(([endpointId]) => kept.has(endpointId)))
    set({ endpoints, overviews, loaded: true, listError: null })
  }

  const modelAction = async (endpointId: string, model: string, action: ModelAction, work: () => Promise<unknown>): Promise<string | null> => {
    const key = busyKey(endpointId, model)
    set({ busy: { ...get().busy, [key]: action } })
    try {
      await work()
      return null
    } catch (error) {
      return messageOf(error)
    } finally {
      const { [key]: _done, ...rest } = get().busy
      set({ busy: rest })
    }
  }

  return {
    endpoints: [],
    loaded: false,
    listError: null,
    overviews: {},
    busy: {},

    start() {
      const stopEndpoints = api().on('ollama.endpoints', setEndpoints)
      const stopChanged = api().on('ollama.changed', ({ endpointId }) => {
        if (get().overviews[endpointId]) void get().reloadOverview(endpointId)
      })
      void get().refresh()
      return () => {
        stopEndpoints()
        stopChanged()
      }
    },

    async refresh() {
      try {
        setEndpoints(await api().request('ollama.endpoints', {}))
      } catch (error) {
        set({ loaded: true, listError: isMissingFeature(error) ? 'This console has no Ollama support yet.' : messageOf(error) })
        return
      }
      await Promise.all(Object.keys(get().overviews).map((endpointId) => get().reloadOverview(endpointId)))
    },

    ensureOverview(endpointId) {
      if (!get().overviews[endpointId]) void get().reloadOverview(endpointId)
    },

    async reloadOverview(endpointId) {
      const request = ++requestCount
      latestRequest.set(endpointId, request)
      setOverview(endpointId, { loading: true })
      try {
        const overview = await api().request('ollama.overview', { endpointId })
        if (latestRequest.get(endpointId) === request) setOverview(endpointId, { loading: false, overview, error: null })
      } catch (error) {
        if (latestRequest.get(endpointId) === request) setOverview(endpointId, { loading: false, error: messageOf(error) })
      }
    },

    async addEndpoint(url, name) {
      // Checked here too, so a wrong address is named in the contract's words, not as the core's invalid-input report.
      const input = AddEndpointInput.safeParse(name.trim() === '' ? { url: url.trim() } : { url: url.trim(), name: name.trim() })
      if (!input.success) return input.error.issues[0]?.message ?? 'That is not an address of an Ollama.'
      try {
        const endpoint = await api().request('ollama.addEndpoint', input.data)
        if (!get().endpoints.some((known) => known.id === endpoint.id)) set({ endpoints: [...get().endpoints, endpoint] })
        void get().reloadOverview(endpoint.id)
        return null
      } catch (error) {
        return messageOf(error)
      }
    },

    async removeEndpoint(endpointId) {
      try {
        await api().request('ollama.removeEndpoint', { endpointId })
        setEndpoints(get().endpoints.filter((endpoint) => endpoint.id !== endpointId))
      } catch (error) {
        toast(`Could not remove ${endpointName(endpointId)}: ${messageOf(error)}`)
      }
    },

    async load(endpointId, model, keepAlive) {
      const problem = await modelAction(endpointId, model, 'load', () =>
        api().request('ollama.load', { endpointId, model, keepAlive })
      )
      if (problem) toast(`Could not load ${model} on ${endpointName(endpointId)}: ${problem}`)
    },

    async unload(endpointId, model) {
      const problem = await modelAction(endpointId, model, 'unload', () => api().request('ollama.unload', { endpointId, model }))
      if (problem) toast(`Could not unload ${model} on ${endpointName(endpointId)}: ${problem}`)
    },

    deleteModel: (endpointId, model) => modelAction(endpointId, model, 'delete', () => api().request('ollama.delete', { endpointId, model }))
  }
})
