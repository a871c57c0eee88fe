import { useCallback, useEffect, useState } from 'react'
import { parsePlaygroundTab, playgroundHash, type PlaygroundTab } from './playground-tabs'

/** The open tab, kept in the URL hash so a reload or a bookmark opens it again. */
export function usePlaygroundTab(): [PlaygroundTab, (tab: PlaygroundTab) => void] {
  const [tab, setTab] = useState(() => parsePlaygroundTab(window.location.hash))

  useEffect(() => {
    const follow = () => {
      if (window.location.hash.startsWith('#/playground')) setTab(parsePlaygroundTab(window.location.hash))
    }
    window.addEventListener('hashchange', follow)
    return () => window.removeEventListener('hashchange', follow)
  }, [])

  useEffect(() => {
    // Also after Ctrl+4 wrote a bare "#/playground" while a tab was open.
    const hash = playgroundHash(tab)
    if (window.location.hash.startsWith('#/playground') && window.location.hash !== hash) window.history.replaceState(null, '', hash)
  })

  const choose = useCallback((next: PlaygroundTab) => setTab(next), [])
  return [tab, choose]
}
