import { create } from 'zustand'
import type { BackupFile, BackupRun, BackupSchedule } from '../../../../src-shared/minecraft'
import { api } from '../../api/api'
import { messageOf } from '../../api/failures'
import { onReconnect } from '../../api/on-reconnect'
import { mergeRun, runsFromCore } from './backup-run'

interface BackupsStore {
  readonly serverId: string | null
  readonly files: readonly BackupFile[] | null
  readonly filesError: string | null
  /** Backup and restore runs of every server by run id, from `minecraft.runs` and `minecraft.backup` events. */
  readonly runs: Readonly<Record<string, BackupRun>>
  readonly schedule: BackupSchedule | null
  readonly scheduleError: string | null
  /** Follows a server's backups (list, runs, schedule) until the returned function is called. */
  show(serverId: string): () => void
  refreshFiles(serverId: string): Promise<void>
  /** Starts a backup; resolves with the problem, or null once it runs. */
  backUp(serverId: string): Promise<string | null>
  /** Starts a restore; `confirm` is the archive's name as the user typed it. */
  restore(serverId: string, file: string, confirm: string): Promise<string | null>
  saveSchedule(serverId: string, schedule: BackupSchedule): Promise<string | null>
}

export const useBackupsStore = create<BackupsStore>()((set, get) => {
  const isShown = (serverId: string) => get().serverId === serverId

  const track = (run: BackupRun) => {
    const before = get().runs[run.runId]
    set({ runs: mergeRun(get().runs, run) })
    // A run that just finished changed the list: a new archive, or old ones rotated away.
    const finished = run.state !== 'running' && (before === undefined || before.state === 'running')
    if (finished && isShown(run.serverId)) void get().refreshFiles(run.serverId)
  }

  const start = async (work: () => Promise<BackupRun>): Promise<string | null> => {
    try {
      track(await work())
      return null
    } catch (error) {
      return messageOf(error)
    }
  }

  return {
    serverId: null,
    files: null,
    filesError: null,
    runs: {},
    schedule: null,
    scheduleError: null,

    show(serverId) {
      if (!isShown(serverId)) set({ serverId, files: null, filesError: null, schedule: null, scheduleError: null })
      const stopEvents = api().on('minecraft.backup', track)
      const readRuns = () =>
        api()
          .request('minecraft.runs', {})
          .then(
            (listed) => set({ runs: runsFromCore(get().runs, listed) }),
            // Runs of this session show again with their next event; the list above is what matters.
            () => undefined
          )
      void get().refreshFiles(serverId)
      void readRuns()
      // Events sent while the connection was down are lost: a run that ended meanwhile would show as under way for good.
      const stopConnection = onReconnect(() => {
        void readRuns()
        void get().refreshFiles(serverId)
      })
      api()
        .request('minecraft.schedule', { serverId })
        .then(
          (schedule) => isShown(serverId) && set({ schedule, scheduleError: null }),
          (error: unknown) => isShown(serverId) && set({ scheduleError: `Could not read the schedule: ${messageOf(error)}` })
        )
      return () => {
        stopEvents()
        stopConnection()
      }
    },

    async refreshFiles(serverId) {
      try {
        const files = await api().request('minecraft.backups', { serverId })
        if (isShown(serverId)) set({ files: [...files].sort((a, b) => b.createdAt - a.createdAt), filesError: null })
      } catch (error) {
        if (isShown(serverId)) set({ filesError: `Could not list the backups: ${messageOf(error)}` })
      }
    },

    backUp: (serverId) => start(() => api().request('minecraft.backup', { serverId })),

    restore: (serverId, file, confirm) => start(() => api().request('minecraft.restore', { serverId, file, confirm: confirm.trim() })),

    async saveSchedule(serverId, schedule) {
      try {
        const saved = await api().request('minecraft.setSchedule', { serverId, schedule })
        if (isShown(serverId)) set({ schedule: saved, scheduleError: null })
        return null
      } catch (error) {
        return messageOf(error)
      }
    }
  }
})
