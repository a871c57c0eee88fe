import { create } from 'zustand'
import type { NodeHealth } from '../../../../src-shared/health'
import { api } from '../../api/api'
import { RequestFailure } from '../../api/client'
import { messageOf } from '../../api/failures'
import { useToastStore } from '../../app/toast-store'
import { useInventoryStore } from '../inventory/inventory-store'
import { applyChange, applySnapshot, emptyHealth, transitionMessage, type HealthData } from './health-model'
import { mergeRecent, sparklineKeys } from './recent-series'

export type HealthAction = 'wake' | 'check'

interface HealthStore extends HealthData {
  /** The first snapshot has arrived (or the core has no health to give). */
  readonly loaded: boolean
  /** In a browser the page tells status changes itself; the desktop app leaves that to the OS. */
  readonly headless: boolean
  /** The request under way per node id, so its button waits. */
  readonly busy: Readonly<Record<string, HealthAction>>
  start(): () => void
  /** Fetches every node's health again, e.g. after the transport was down and events were missed. */
  refresh(): Promise<void>
  /** Fetches the last 15 minutes of the sparkline metrics; live samples extend them from then on. */
  loadRecent(nodeIds: readonly string[]): Promise<void>
  wake(nodeId: string): Promise<boolean>
  checkNow(nodeId: string): Promise<boolean>
}


function nodeName(nodeId: string): string {
  return useInventoryStore.getState().state?.inventory.nodes.find((node) => node.id === nodeId)?.name ?? nodeId
}

const toast = (message: string) => useToastStore.getState().show(message)

/** The health of every node as the core polls it, kept current by `health.changed` events. */
export const useHealthStore = create<HealthStore>()((set, get) => {
  const setBusy = (nodeId: string, action: HealthAction | null) => {
    const { [nodeId]: _was, ...rest } = get().busy
    set({ busy: action ? { ...rest, [nodeId]: action } : rest })
  }

  /** Runs one action on a node; a failure becomes a toast that names the node. */
  const run = async <T>(nodeId: string, action: HealthAction, failure: string, work: () => Promise<T>): Promise<T | null> => {
    setBusy(nodeId, action)
    try {
      return await work()
    } catch (error) {
      toast(`${failure} ${nodeName(nodeId)}: ${messageOf(error)}`)
      return null
    } finally {
      setBusy(nodeId, null)
    }
  }

  const loadOne = async (nodeId: string) => {
    try {
      const reply = await api().request('health.series', { target: nodeId, keys: [...sparklineKeys], range: '15m' })
      set({ recent: { ...get().recent, [nodeId]: mergeRecent(reply.series, get().recent[nodeId], sparklineKeys, Date.now()) } })
    } catch {
      // No history (yet): the sparkline still grows from the live samples.
      if (!get().recent[nodeId]) set({ recent: { ...get().recent, [nodeId]: {} } })
    }
  }

  return {
    ...emptyHealth,
    loaded: false,
    headless: false,
    busy: {},

    start() {
      const stopChanged = api().on('health.changed', (change) => set(applyChange(get(), change, Date.now())))
      const stopTransition = api().on('health.transition', (transition) => {
        if (get().headless) useToastStore.getState().show(transitionMessage(transition), transition.to === 'up' ? 'good' : 'problem')
      })
      api()
        .request('app.info', {})
        .then(
          (info) => set({ headless: info.mode === 'headless' }),
          () => undefined
        )
      void get().refresh()
      return () => {
        stopChanged()
        stopTransition()
      }
    },

    async refresh() {
      let listed: NodeHealth[]
      try {
        listed = await api().request('health.snapshot', {})
      } catch (error) {
        set({ loaded: true })
        // A core without health polling yet is not the user's problem; anything else is.
        if (error instanceof RequestFailure && error.detail.code === 'unknown-request') return
        toast(`Could not load the health of the nodes: ${messageOf(error)}`)
        return
      }
      set({ ...applySnapshot(get(), listed), loaded: true })
      const followed = Object.keys(get().recent)
      if (followed.length > 0) await get().loadRecent(followed)
    },

    async loadRecent(nodeIds) {
      await Promise.all(nodeIds.map(loadOne))
    },

    async wake(nodeId) {
      const reply = await run(nodeId, 'wake', 'Could not wake', () => api().request('health.wake', { nodeId }))
      if (reply) toast(`Sent the wake-up packet for ${nodeName(nodeId)} to ${reply.sentTo}`)
      return reply !== null
    },

    async checkNow(nodeId) {
      return (await run(nodeId, 'check', 'Could not check', () => api().request('health.checkNow', { nodeId }))) !== null
    }
  }
})
