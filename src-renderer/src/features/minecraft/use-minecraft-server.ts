import { useCallback, useEffect, useState } from 'react'
import { useNavigationStore } from '../../app/navigation-store'
import { readStored, writeStored } from '../../app/stored'
import { chooseServer, minecraftHash, parseMinecraftServer } from './minecraft-route'

const storageKey = 'homelab-console-minecraft-server'

function remembered(): string | null {
  const value = readStored(storageKey)
  return typeof value === 'string' ? value : null
}

/**
 * The server on screen, kept in the URL hash (`#/minecraft/<node>/<service>`) so a reload or a
 * bookmark opens it again, and remembered for the next visit to the section.
 */
export function useMinecraftServer(serverIds: readonly string[]): [string | null, (serverId: string) => void] {
  const [fromHash, setFromHash] = useState(() => parseMinecraftServer(window.location.hash))
  const [picked, setPicked] = useState<string | null>(null)
  const serverId = chooseServer(serverIds, picked ?? fromHash, remembered())

  useEffect(() => {
    const follow = () => {
      if (!window.location.hash.startsWith('#/minecraft')) return
      setPicked(null)
      setFromHash(parseMinecraftServer(window.location.hash))
    }
    window.addEventListener('hashchange', follow)
    return () => window.removeEventListener('hashchange', follow)
  }, [])

  useEffect(() => {
    if (serverId === null) return
    writeStored(storageKey, serverId)
    // Also after Ctrl+5 wrote a bare "#/minecraft" while a server was shown.
    const write = () => {
      const hash = minecraftHash(serverId)
      if (window.location.hash.startsWith('#/minecraft') && window.location.hash !== hash) window.history.replaceState(null, '', hash)
    }
    write()
    return useNavigationStore.subscribe(write)
  }, [serverId])

  const choose = useCallback((next: string) => setPicked(next), [])
  return [serverId, choose]
}
