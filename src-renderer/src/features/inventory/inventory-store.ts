import { create } from 'zustand'
import type { ExampleSummary, InventoryState } from '../../../../src-shared/contract'
import { api } from '../../api/api'
import { messageOf } from '../../api/failures'

interface InventoryStore {
  readonly state: InventoryState | null
  readonly examples: readonly ExampleSummary[]
  /** The last request that failed, shown until the next one succeeds. */
  readonly error: string | null
  readonly busy: boolean
  start(): () => void
  /** Fetches the core's state again, e.g. after the connection was down and events were missed. */
  refresh(): Promise<void>
  reload(): Promise<void>
  openExample(id: string): Promise<void>
}

/** The inventory as the core holds it, kept current by `inventory.changed` events. */
export const useInventoryStore = create<InventoryStore>()((set) => {
  const run = async (work: () => Promise<InventoryState | void>) => {
    set({ busy: true })
    try {
      const state = await work()
      set({ error: null, ...(state ? { state } : {}) })
    } catch (error) {
      set({ error: messageOf(error) })
    } finally {
      set({ busy: false })
    }
  }
  return {
    state: null,
    examples: [],
    error: null,
    busy: false,
    start() {
      const unsubscribe = api().on('inventory.changed', (state) => set({ state }))
      void run(async () => {
        const [state, examples] = await Promise.all([
          api().request('inventory.get', {}),
          api().request('inventory.examples', {})
        ])
        set({ examples })
        return state
      })
      return unsubscribe
    },
    refresh: () => run(() => api().request('inventory.get', {})),
    reload: () => run(() => api().request('inventory.reload', {})),
    openExample: (id) => run(() => api().request('inventory.useExample', { id }))
  }
})

/** Calls `refresh` now and whenever the inventory changes; returns how to stop. For lists the core derives from it. */
export function followInventory(refresh: () => void): () => void {
  refresh()
  return useInventoryStore.subscribe((state, previous) => {
    if (state.state !== previous.state) refresh()
  })
}
