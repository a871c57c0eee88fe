import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { openDatabase, type StoreDatabase } from '../store/database'
import { SettingsStore } from '../store/settings'
import { BackupSchedules, defaultSchedule, nextRunAt } from './backup-schedule'

let dir: string
let db: StoreDatabase
let settings: SettingsStore

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'homelab-mc-schedule-'))
  db = openDatabase(dir)
  settings = new SettingsStore(db)
})

afterEach(async () => {
  vi.useRealTimers()
  db.close()
  await rm(dir, { recursive: true, force: true })
})

const local = (day: number, hours: number, minutes: number, seconds = 0) => new Date(2025, 5, day, hours, minutes, seconds)

describe('the next time of a daily backup', () => {
  it('is today when the time is still ahead, else tomorrow', () => {
    expect(nextRunAt('03:30', local(2, 1, 0))).toEqual(local(2, 3, 30))
    expect(nextRunAt('03:30', local(2, 3, 30))).toEqual(local(3, 3, 30))
    expect(nextRunAt('00:00', local(2, 23, 59, 59))).toEqual(local(3, 0, 0))
  })
})

describe('scheduled backups', () => {
  it('keeps each server’s schedule in the settings, and has a default', () => {
    const schedules = new BackupSchedules({ settings, run: () => undefined })
    expect(schedules.get('pi/mc')).toEqual(defaultSchedule)
    schedules.set('pi/mc', { dailyAt: '04:15', keep: 3 })
    expect(new BackupSchedules({ settings, run: () => undefined }).get('pi/mc')).toEqual({ dailyAt: '04:15', keep: 3 })
    settings.set('minecraft.backupSchedule.pc/mc', { dailyAt: '25:00', keep: 3 })
    expect(schedules.get('pc/mc')).toEqual(defaultSchedule)
  })

  it('runs at the time each day while the app runs, and not after close', () => {
    vi.useFakeTimers({ now: local(2, 3, 0) })
    const ran: string[] = []
    const schedules = new BackupSchedules({ settings, run: (serverId) => ran.push(`${serverId} ${new Date().getDate()} ${new Date().getHours()}:${new Date().getMinutes()}`) })
    schedules.apply(['pi/mc', 'pc/mc'])
    schedules.set('pi/mc', { dailyAt: '03:30', keep: 7 })
    vi.advanceTimersByTime(29 * 60_000)
    expect(ran).toEqual([])
    vi.advanceTimersByTime(60_000)
    expect(ran).toEqual(['pi/mc 2 3:30'])
    vi.advanceTimersByTime(24 * 3_600_000)
    expect(ran).toEqual(['pi/mc 2 3:30', 'pi/mc 3 3:30'])
    schedules.close()
    vi.advanceTimersByTime(48 * 3_600_000)
    expect(ran).toHaveLength(2)
  })

  it('runs a time the computer slept through once it wakes, not hours later, then at the time again', () => {
    vi.useFakeTimers({ now: local(2, 1, 0) })
    const ran: string[] = []
    const schedules = new BackupSchedules({ settings, run: () => ran.push(`${new Date().getDate()} ${new Date().getHours()}:${String(new Date().getMinutes()).padStart(2, '0')}`) })
    schedules.apply(['pi/mc'])
    schedules.set('pi/mc', { dailyAt: '03:30', keep: 7 })
    vi.advanceTimersByTime(30 * 60_000)
    // Asleep from 01:30 to 08:00: the clock moves on, timers (counting awake time) do not.
    vi.setSystemTime(local(2, 8, 0))
    vi.advanceTimersByTime(60_000)
    expect(ran).toEqual(['2 8:01'])
    vi.advanceTimersByTime(24 * 3_600_000)
    expect(ran).toEqual(['2 8:01', '3 3:30'])
    schedules.close()
  })

  it('does not make up a time missed while the app was closed', () => {
    settings.set('minecraft.backupSchedule.pi/mc', { dailyAt: '03:30', keep: 7 })
    vi.useFakeTimers({ now: local(2, 9, 0) })
    const ran: number[] = []
    const schedules = new BackupSchedules({ settings, run: () => ran.push(new Date().getDate()) })
    schedules.apply(['pi/mc'])
    vi.advanceTimersByTime(60_000)
    expect(ran).toEqual([])
    vi.advanceTimersByTime(24 * 3_600_000)
    expect(ran).toEqual([3])
    schedules.close()
  })

  it('disarms a server that left the inventory or whose schedule was cleared', () => {
    vi.useFakeTimers({ now: local(2, 3, 0) })
    const ran: string[] = []
    const schedules = new BackupSchedules({ settings, run: (serverId) => ran.push(serverId) })
    schedules.apply(['pi/mc', 'pc/mc'])
    schedules.set('pi/mc', { dailyAt: '03:30', keep: 7 })
    schedules.set('pc/mc', { dailyAt: '03:30', keep: 7 })
    schedules.apply(['pc/mc'])
    schedules.set('pc/mc', { dailyAt: null, keep: 7 })
    vi.advanceTimersByTime(48 * 3_600_000)
    expect(ran).toEqual([])
    schedules.close()
  })
})
