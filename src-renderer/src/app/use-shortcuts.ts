import { useEffect } from 'react'
import { useNavigationStore } from './navigation-store'
import { sections } from './sections'

/** Ctrl/Cmd+K opens the palette; Ctrl/Cmd with a section's key opens that section. */
export function useShortcuts(): void {
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (!(event.ctrlKey || event.metaKey) || event.altKey) return
      const navigation = useNavigationStore.getState()
      if (event.key.toLowerCase() === 'k') {
        event.preventDefault()
        navigation.setPaletteOpen(!navigation.paletteOpen)
        return
      }
      const section = sections.find((candidate) => candidate.shortcut === event.key)
      if (section) {
        event.preventDefault()
        navigation.go(section.id)
      }
    }
    window.addEventListener('keydown', onKeyDown)
    return () => window.removeEventListener('keydown', onKeyDown)
  }, [])
}
