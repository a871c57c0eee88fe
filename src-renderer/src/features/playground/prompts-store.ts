import { create } from 'zustand'
import type { SavedPrompt } from '../../../../src-shared/ollama'
import { api } from '../../api/api'
import { isMissingFeature, messageOf } from '../../api/failures'
import { useToastStore } from '../../app/toast-store'

interface PromptsStore {
  readonly prompts: readonly SavedPrompt[]
  readonly listError: string | null
  start(): () => void
  refresh(): Promise<void>
  /** Resolves with the problem, or null once saved. */
  save(title: string, prompt: string, system: string): Promise<string | null>
  remove(id: number): Promise<void>
}

/** The library of saved prompts, newest first. */
export const usePromptsStore = create<PromptsStore>()((set, get) => ({
  prompts: [],
  listError: null,

  start() {
    void get().refresh()
    return () => undefined
  },

  async refresh() {
    try {
      set({ prompts: await api().request('prompts.list', {}), listError: null })
    } catch (error) {
      set({ listError: isMissingFeature(error) ? 'This console does not store prompts yet.' : `Could not list the saved prompts: ${messageOf(error)}` })
    }
  },

  async save(title, prompt, system) {
    if (title.trim() === '') return 'Give the prompt a title.'
    if (prompt.trim() === '') return 'There is no prompt to save.'
    try {
      const saved = await api().request('prompts.save', { title: title.trim(), prompt, system })
      set({ prompts: [saved, ...get().prompts.filter((candidate) => candidate.id !== saved.id)] })
      return null
    } catch (error) {
      return messageOf(error)
    }
  },

  async remove(id) {
    try {
      await api().request('prompts.delete', { id })
      set({ prompts: get().prompts.filter((candidate) => candidate.id !== id) })
    } catch (error) {
      useToastStore.getState().show(`Could not delete the saved prompt: ${messageOf(error)}`)
    }
  }
}))
