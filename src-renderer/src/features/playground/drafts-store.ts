import { create } from 'zustand'
import { readStored, writeStored } from '../../app/stored'
import { emptyDraft, parseDrafts, withDraft, type Draft, type Drafts } from './drafts'

interface DraftsStore {
  readonly drafts: Drafts
  update(key: string, patch: Partial<Draft>): void
  /** Moves a draft to another key: the new chat's system prompt becomes its conversation's. */
  move(from: string, to: string): void
  remove(key: string): void
}

const storageKey = 'homelab-console-playground-drafts'

/** Every unsent text of the playground, written to localStorage as it is typed: a reload loses nothing. */
export const useDraftsStore = create<DraftsStore>()((set, get) => {
  const save = (drafts: Drafts) => {
    set({ drafts })
    writeStored(storageKey, drafts)
  }
  return {
    drafts: parseDrafts(readStored(storageKey)),
    update: (key, patch) => save(withDraft(get().drafts, key, patch)),
    move(from, to) {
      const draft = get().drafts[from]
      if (!draft) return
      save(withDraft(withDraft(get().drafts, from, emptyDraft), to, draft))
    },
    remove: (key) => save(withDraft(get().drafts, key, emptyDraft))
  }
})

export function draftOf(key: string): Draft {
  return useDraftsStore.getState().drafts[key] ?? emptyDraft
}

