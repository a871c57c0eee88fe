import { cycle, neighbourAfterClose } from './tab-order'

/** Which tabs are on screen: the active one, and a second one beside it while split. */
export interface PaneState {
  readonly order: readonly string[]
  readonly activeId: string | null
  /** The visible tabs, left to right: one, or two while split. */
  readonly panes: readonly string[]
}

/** Activating a visible tab only moves the focus; a hidden one takes the active tab's pane. */
export function showTab(state: PaneState, id: string): Pick<PaneState, 'activeId' | 'panes'> {
  if (state.panes.includes(id)) return { activeId: id, panes: state.panes }
  const at = state.activeId === null ? -1 : state.panes.indexOf(state.activeId)
  if (at === -1) return { activeId: id, panes: [id] }
  return { activeId: id, panes: state.panes.map((pane, index) => (index === at ? id : pane)) }
}

/**
 * After a tab closes: in a split, the other pane stays and takes the whole width; otherwise the
 * closed tab's neighbour shows.
 */
export function closeTab(state: PaneState, id: string): PaneState {
  const order = state.order.filter((candidate) => candidate !== id)
  if (!state.panes.includes(id)) return { ...state, order }
  const remaining = state.panes.filter((pane) => pane !== id)
  if (remaining.length > 0) {
    const activeId = state.activeId === id ? (remaining[0] ?? null) : state.activeId
    return { order, activeId, panes: remaining }
  }
  const next = neighbourAfterClose(state.order, id)
  return { order, activeId: next, panes: next === null ? [] : [next] }
}

/**
 * Split shows the tab after the active one beside it; `null` means there is no other tab (the
 * caller opens one). Unsplit keeps the active tab.
 */
export function toggleSplit(state: PaneState): Pick<PaneState, 'panes'> | null {
  if (state.panes.length > 1) return { panes: state.activeId === null ? state.panes.slice(0, 1) : [state.activeId] }
  if (state.activeId === null) return { panes: state.panes }
  const other = cycle(state.order, state.activeId, 1)
  if (other === null || other === state.activeId) return null
  return { panes: [state.activeId, other] }
}

/** Replaces a terminal id everywhere, when a tab reopens its node in a new session. */
export function renameId(state: PaneState, from: string, to: string): PaneState {
  const swap = (id: string) => (id === from ? to : id)
  return {
    order: state.order.map(swap),
    activeId: state.activeId === null ? null : swap(state.activeId),
    panes: state.panes.map(swap)
  }
}
