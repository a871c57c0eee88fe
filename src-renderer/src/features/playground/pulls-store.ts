import { create } from 'zustand'
import { api } from '../../api/api'
import { isMissingFeature, messageOf } from '../../api/failures'
import { useToastStore } from '../../app/toast-store'
import { endpointName } from './endpoints-store'
import { addPull, applyPullProgress, withoutPull, type Pulls } from './pull-progress'

interface PullsStore {
  readonly pulls: Pulls
  start(): () => void
  refresh(): Promise<void>
  /** Starts pulling; resolves with the problem, or null once the pull is under way. */
  pull(endpointId: string, model: string): Promise<string | null>
  cancel(pullId: string): Promise<void>
  /** Hides a finished pull. */
  dismiss(pullId: string): void
}

/** Model pulls of every endpoint, by pull id, kept current by `ollama.pullProgress`. */
export const usePullsStore = create<PullsStore>()((set, get) => ({
  pulls: {},

  start() {
    const stop = api().on('ollama.pullProgress', (progress) => set({ pulls: applyPullProgress(get().pulls, progress) }))
    void get().refresh()
    return stop
  },

  async refresh() {
    try {
      const listed = await api().request('ollama.pulls', {})
      set({ pulls: listed.reduce(applyPullProgress, get().pulls) })
    } catch (error) {
      if (!isMissingFeature(error)) useToastStore.getState().show(`Could not list the model pulls: ${messageOf(error)}`)
    }
  },

  async pull(endpointId, model) {
    try {
      const started = await api().request('ollama.pull', { endpointId, model })
      set({ pulls: addPull(get().pulls, started) })
      return null
    } catch (error) {
      return messageOf(error)
    }
  },

  async cancel(pullId) {
    try {
      await api().request('ollama.cancelPull', { pullId })
    } catch (error) {
      const pull = get().pulls[pullId]
      useToastStore.getState().show(`Could not cancel the pull of ${pull?.model ?? pullId} on ${endpointName(pull?.endpointId ?? null)}: ${messageOf(error)}`)
    }
  },

  dismiss: (pullId) => set({ pulls: withoutPull(get().pulls, pullId) })
}))
