import { useEffect } from 'react'
import { terminalShortcut } from './terminal-keys'
import { useTerminalsStore } from './terminals-store'

/**
 * The terminals' shortcuts while the section is shown. Inside a terminal, xterm lets these keys
 * bubble up to here (see `xtermKeyAction`); everything else stays the shell's.
 */
export function useTerminalShortcuts(): void {
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      const shortcut = terminalShortcut(event)
      const store = useTerminalsStore.getState()
      if (!shortcut || event.defaultPrevented || store.pendingPaste) return
      event.preventDefault()
      switch (shortcut) {
        case 'next-tab':
          return store.cycle(1)
        case 'previous-tab':
          return store.cycle(-1)
        case 'move-tab-left':
          return store.moveActive(-1)
        case 'move-tab-right':
          return store.moveActive(1)
        case 'search':
          return store.openSearch()
        case 'zoom-in':
          return store.zoom(1)
        case 'zoom-out':
          return store.zoom(-1)
        case 'zoom-reset':
          return store.zoom(0)
        case 'new-tab': {
          const active = store.activeId === null ? undefined : store.tabs[store.activeId]
          if (active) void store.openTerminal(active.nodeId)
        }
      }
    }
    window.addEventListener('keydown', onKeyDown)
    return () => window.removeEventListener('keydown', onKeyDown)
  }, [])
}
