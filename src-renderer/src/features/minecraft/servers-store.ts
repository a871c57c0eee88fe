import { create } from 'zustand'
import type { MinecraftServerInfo } from '../../../../src-shared/minecraft'
import { api } from '../../api/api'
import { isMissingFeature, messageOf } from '../../api/failures'
import { followInventory } from '../inventory/inventory-store'

interface ServersStore {
  readonly servers: readonly MinecraftServerInfo[]
  readonly loaded: boolean
  readonly error: string | null
  /** Lists the servers now and again whenever the inventory changes, until the returned function is called. */
  start(): () => void
  refresh(): Promise<void>
}

/** The `kind: minecraft` services of the inventory, as the core describes them. */
export const useServersStore = create<ServersStore>()((set, get) => {
  let latest = 0

  return {
    servers: [],
    loaded: false,
    error: null,

    start() {
      return followInventory(() => void get().refresh())
    },

    async refresh() {
      const request = ++latest
      try {
        const servers = await api().request('minecraft.servers', {})
        if (request === latest) set({ servers, loaded: true, error: null })
      } catch (error) {
        if (request !== latest) return
        set({ loaded: true, error: isMissingFeature(error) ? 'This console has no Minecraft support yet.' : `Could not list the servers: ${messageOf(error)}` })
      }
    }
  }
})
