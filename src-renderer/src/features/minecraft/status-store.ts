import { create } from 'zustand'
import type { MinecraftStatus } from '../../../../src-shared/minecraft'
import { api } from '../../api/api'
import { messageOf } from '../../api/failures'

export type ControlAction = 'start' | 'stop' | 'restart'

/** How often the status is read while the section is on screen. */
export const statusPollMs = 5000

interface StatusStore {
  readonly serverId: string | null
  /** The last status read, kept on screen while the next one is on its way. */
  readonly status: MinecraftStatus | null
  /** Why the last read failed (the core could not be asked); null after a good one. */
  readonly error: string | null
  readonly control: ControlAction | null
  readonly controlError: string | null
  /** Reads the server's status now and every 5 s after each answer, until the returned function is called. */
  startPolling(serverId: string): () => void
  /** Starts, stops or restarts the server's unit or container; the reply is its new status. */
  runControl(serverId: string, action: ControlAction): Promise<void>
}

export const useStatusStore = create<StatusStore>()((set, get) => {
  /** Bumped by every start and stop, so an answer for an earlier poll is dropped. */
  let generation = 0

  return {
    serverId: null,
    status: null,
    error: null,
    control: null,
    controlError: null,

    startPolling(serverId) {
      const mine = ++generation
      let timer: ReturnType<typeof setTimeout> | undefined
      if (get().serverId !== serverId) set({ serverId, status: null, error: null, control: null, controlError: null })
      const poll = async () => {
        try {
          const status = await api().request('minecraft.status', { serverId })
          if (mine === generation) set({ status, error: null })
        } catch (error) {
          if (mine === generation) set({ error: messageOf(error) })
        }
        // The next read waits for this one: a slow server never gets reads piled up.
        if (mine === generation) timer = setTimeout(() => void poll(), statusPollMs)
      }
      void poll()
      return () => {
        if (mine === generation) generation++
        clearTimeout(timer)
      }
    },

    async runControl(serverId, action) {
      set({ control: action, controlError: null })
      try {
        const status = await api().request('minecraft.control', { serverId, action })
        if (get().serverId === serverId) set({ status, error: null })
      } catch (error) {
        if (get().serverId === serverId) set({ controlError: `Could not ${action} the server: ${messageOf(error)}` })
      } finally {
        if (get().serverId === serverId) set({ control: null })
      }
    }
  }
})
