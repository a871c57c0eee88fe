import { useCallback, useEffect, useState } from 'react'
import { imagesHash, parseImagesTab, type ImagesTab } from './images-tabs'

/** The open tab, kept in the URL hash so a reload or a bookmark opens it again. */
export function useImagesTab(): [ImagesTab, (tab: ImagesTab) => void] {
  const [tab, setTab] = useState(() => parseImagesTab(window.location.hash))

  useEffect(() => {
    const follow = () => {
      if (window.location.hash.startsWith('#/images')) setTab(parseImagesTab(window.location.hash))
    }
    window.addEventListener('hashchange', follow)
    return () => window.removeEventListener('hashchange', follow)
  }, [])

  useEffect(() => {
    // Also after Ctrl+6 wrote a bare "#/images" while a tab was open.
    const hash = imagesHash(tab)
    if (window.location.hash.startsWith('#/images') && window.location.hash !== hash) window.history.replaceState(null, '', hash)
  })

  const choose = useCallback((next: ImagesTab) => setTab(next), [])
  return [tab, choose]
}
