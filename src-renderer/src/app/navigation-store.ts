import { create } from 'zustand'
import { isSectionId, type SectionId } from './sections'

interface NavigationStore {
  readonly section: SectionId
  readonly paletteOpen: boolean
  go(section: SectionId): void
  setPaletteOpen(open: boolean): void
}

/** The section lives in the URL hash too, so a reload or a bookmark opens the same screen. */
function sectionFromHash(): SectionId {
  const hash = window.location.hash.replace(/^#\/?/, '')
  return isSectionId(hash) ? hash : 'topology'
}

export const useNavigationStore = create<NavigationStore>()((set) => ({
  section: sectionFromHash(),
  paletteOpen: false,
  go(section) {
    if (window.location.hash !== `#/${section}`) window.history.replaceState(null, '', `#/${section}`)
    set({ section, paletteOpen: false })
  },
  setPaletteOpen: (paletteOpen) => set({ paletteOpen })
}))
