import { create } from 'zustand'
import type { ImageWorker } from '../../../../src-shared/imagegen'
import { api } from '../../api/api'
import { isMissingFeature, messageOf } from '../../api/failures'
import { followInventory } from '../inventory/inventory-store'

export interface ModelsState {
  readonly loading: boolean
  readonly models: readonly string[]
  /** Why the worker could not list its checkpoints, in the core's words. */
  readonly error: string | null
}

interface WorkersStore {
  readonly workers: readonly ImageWorker[]
  readonly loaded: boolean
  readonly error: string | null
  readonly models: Readonly<Record<string, ModelsState>>
  /** Lists the workers now and again whenever the inventory changes, until the returned function is called. */
  start(): () => void
  refresh(): Promise<void>
  /** Reads a worker's checkpoints once (again with `force`). */
  loadModels(workerId: string, force?: boolean): Promise<void>
}

export function workerName(workerId: string): string {
  return useWorkersStore.getState().workers.find((worker) => worker.id === workerId)?.name ?? workerId
}

/** The `kind: imagegen` services of the inventory and the checkpoints each offers. */
export const useWorkersStore = create<WorkersStore>()((set, get) => {
  let latest = 0
  const setModels = (workerId: string, state: ModelsState) => set({ models: { ...get().models, [workerId]: state } })

  return {
    workers: [],
    loaded: false,
    error: null,
    models: {},

    start() {
      return followInventory(() => void get().refresh())
    },

    async refresh() {
      const request = ++latest
      try {
        const workers = await api().request('imagegen.workers', {})
        if (request !== latest) return
        const kept = new Set(workers.map((worker) => worker.id))
        set({ workers, loaded: true, error: null, models: Object.fromEntries(Object.entries(get().models).filter(([id]) => kept.has(id))) })
      } catch (error) {
        if (request !== latest) return
        set({ loaded: true, error: isMissingFeature(error) ? 'This console has no image generation yet.' : `Could not list the image workers: ${messageOf(error)}` })
      }
    },

    async loadModels(workerId, force = false) {
      const held = get().models[workerId]
      if (held && (held.loading || !force)) return
      setModels(workerId, { loading: true, models: held?.models ?? [], error: null })
      try {
        setModels(workerId, { loading: false, models: await api().request('imagegen.models', { workerId }), error: null })
      } catch (error) {
        setModels(workerId, { loading: false, models: held?.models ?? [], error: messageOf(error) })
      }
    }
  }
})
