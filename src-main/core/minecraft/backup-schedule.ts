import { BackupSchedule } from '../../../src-shared/minecraft'
import type { SettingsStore } from '../store/settings'

export const defaultSchedule: BackupSchedule = { dailyAt: null, keep: 7 }

const settingsKey = (serverId: string) => `minecraft.backupSchedule.${serverId}`

/**
 * Timers count only the time the computer is awake: one set hours ahead rings hours late after a
 * sleep. Timers of at most a minute that read the clock again run a backup slept through within
 * a minute of waking instead.
 */
const checkEveryMs = 60_000

export interface BackupSchedulesOptions {
  readonly settings: SettingsStore
  /** Starts a scheduled backup of the server; a server already busy skips its turn. */
  readonly run: (serverId: string) => void
  readonly now?: () => Date
}

/**
 * Daily backups while the app runs. Only times still ahead are armed: a time missed while the
 * app was closed is not made up at start-up, it waits for the next day. A time the computer
 * slept through runs once it wakes.
 */
export class BackupSchedules {
  private readonly timers = new Map<string, NodeJS.Timeout>()
  private servers = new Set<string>()
  private readonly now: () => Date

  constructor(private readonly options: BackupSchedulesOptions) {
    this.now = options.now ?? (() => new Date())
  }

  get(serverId: string): BackupSchedule {
    const stored = BackupSchedule.safeParse(this.options.settings.get(settingsKey(serverId)))
    return stored.success ? stored.data : defaultSchedule
  }

  set(serverId: string, schedule: BackupSchedule): BackupSchedule {
    this.options.settings.set(settingsKey(serverId), schedule)
    this.arm(serverId)
    return schedule
  }

  /** Arms the servers of the inventory, and disarms those it no longer has. */
  apply(serverIds: readonly string[]): void {
    this.servers = new Set(serverIds)
    for (const serverId of this.timers.keys()) if (!this.servers.has(serverId)) this.disarm(serverId)
    for (const serverId of this.servers) this.arm(serverId)
  }

  close(): void {
    for (const serverId of [...this.timers.keys()]) this.disarm(serverId)
    this.servers.clear()
  }

  /** `after`: a timer may ring a moment early, and must not arm the same minute again. */
  private arm(serverId: string, after?: Date): void {
    this.disarm(serverId)
    const { dailyAt } = this.get(serverId)
    if (dailyAt === null || !this.servers.has(serverId)) return
    const now = this.now()
    this.waitFor(serverId, nextRunAt(dailyAt, after && after > now ? after : now))
  }

  private waitFor(serverId: string, at: Date): void {
    const left = at.getTime() - this.now().getTime()
    this.timers.set(
      serverId,
      setTimeout(
        () => {
          this.timers.delete(serverId)
          if (this.now() < at) {
            this.waitFor(serverId, at)
            return
          }
          try {
            this.options.run(serverId)
          } finally {
            this.arm(serverId, at)
          }
        },
        Math.min(Math.max(0, left), checkEveryMs)
      )
    )
  }

  private disarm(serverId: string): void {
    clearTimeout(this.timers.get(serverId))
    this.timers.delete(serverId)
  }
}

/** The first "HH:MM" local time strictly after `after` (a day has 23 or 25 hours when the clocks change). */
export function nextRunAt(dailyAt: string, after: Date): Date {
  const [hours = 0, minutes = 0] = dailyAt.split(':').map(Number)
  const next = new Date(after)
  next.setHours(hours, minutes, 0, 0)
  if (next.getTime() <= after.getTime()) {
    next.setDate(next.getDate() + 1)
    next.setHours(hours, minutes, 0, 0)
  }
  return next
}
