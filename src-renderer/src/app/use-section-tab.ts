import { useCallback, useEffect, useState } from 'react'
import type { SectionTabs } from './section-tabs'

/** The open tab, kept in the URL hash so a reload or a bookmark opens it again. */
export function useSectionTab<Id extends string>(tabs: SectionTabs<Id>): [Id, (tab: Id) => void] {
  const [tab, setTab] = useState(() => tabs.parse(window.location.hash))
  const prefix = `#/${tabs.section}`

  useEffect(() => {
    const follow = () => {
      if (window.location.hash.startsWith(prefix)) setTab(tabs.parse(window.location.hash))
    }
    window.addEventListener('hashchange', follow)
    return () => window.removeEventListener('hashchange', follow)
  }, [tabs, prefix])

  useEffect(() => {
    // Also after the section's shortcut wrote a bare "#/<section>" while a tab was open.
    const hash = tabs.hash(tab)
    if (window.location.hash.startsWith(prefix) && window.location.hash !== hash) window.history.replaceState(null, '', hash)
  })

  const choose = useCallback((next: Id) => setTab(next), [])
  return [tab, choose]
}
