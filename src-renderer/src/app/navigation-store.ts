import { create } from 'zustand'
import { parseRoute, routeHash, type Route } from './route'
import type { SectionId } from './sections'

interface NavigationStore {
  readonly section: SectionId
  /** The node whose page the dashboard shows, or null for its grid. */
  readonly nodeId: string | null
  readonly paletteOpen: boolean
  go(section: SectionId): void
  /** Opens a node's charts; the browser's Back returns to where the user was. */
  openNode(nodeId: string): void
  /** From a node page back to the dashboard's grid. */
  closeNode(): void
  setPaletteOpen(open: boolean): void
}

/** The route lives in the URL hash too, so a reload or a bookmark opens the same screen. */
export const useNavigationStore = create<NavigationStore>()((set) => {
  const show = (route: Route, how: 'replace' | 'push') => {
    const hash = routeHash(route)
    if (window.location.hash !== hash) {
      if (how === 'push') window.history.pushState(null, '', hash)
      else window.history.replaceState(null, '', hash)
    }
    set({ ...route, paletteOpen: false })
  }
  // Back, Forward and a hash typed into the address bar.
  window.addEventListener('hashchange', () => set(parseRoute(window.location.hash)))
  return {
    ...parseRoute(window.location.hash),
    paletteOpen: false,
    go: (section) => show({ section, nodeId: null }, 'replace'),
    openNode: (nodeId) => show({ section: 'dashboard', nodeId }, 'push'),
    closeNode: () => show({ section: 'dashboard', nodeId: null }, 'replace'),
    setPaletteOpen: (paletteOpen) => set({ paletteOpen })
  }
})
