import { create } from 'zustand'

interface SelectionStore {
  readonly nodeId: string | null
  /** Bumped to ask the view to bring the selected node into sight and focus it. */
  readonly focusRequest: number
  select(nodeId: string | null): void
  focus(nodeId: string): void
}

export const useSelectionStore = create<SelectionStore>()((set) => ({
  nodeId: null,
  focusRequest: 0,
  select: (nodeId) => set({ nodeId }),
  focus: (nodeId) => set((state) => ({ nodeId, focusRequest: state.focusRequest + 1 }))
}))
