import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { BackupFile, BackupRun } from '../../../../src-shared/minecraft'
import { setApi } from '../../api/api'
import { RequestFailure } from '../../api/client'
import type { ConnectionState } from '../../api/transport'
import { fakeClient } from '../../testing/fake-client'
import { useBackupsStore } from './backups-store'

const serverId = 'pi-primary/minecraft'
const settle = () => vi.advanceTimersByTimeAsync(0)

function run(patch: Partial<BackupRun>): BackupRun {
  return { runId: 'b1', serverId, kind: 'backup', step: 'save-off', state: 'running', bytes: 0, file: null, startedAt: 1, error: null, scheduled: false, ...patch }
}

beforeEach(() => {
  vi.useFakeTimers()
  useBackupsStore.setState({ serverId: null, files: null, filesError: null, runs: {}, schedule: null, scheduleError: null })
})
afterEach(() => vi.useRealTimers())

describe('useBackupsStore', () => {
  it('follows a backup run from its events and lists the archives again once it ends', async () => {
    let files: BackupFile[] = [{ name: 'world-1.tar.gz', size: 100, createdAt: 1 }]
    const fake = fakeClient({
      'minecraft.backups': () => files,
      'minecraft.runs': () => [],
      'minecraft.schedule': () => ({ dailyAt: '04:00', keep: 7 }),
      'minecraft.backup': () => run({})
    })
    setApi(fake.client)
    const stop = useBackupsStore.getState().show(serverId)
    await settle()
    expect(useBackupsStore.getState()).toMatchObject({ files, schedule: { dailyAt: '04:00', keep: 7 } })

    expect(await useBackupsStore.getState().backUp(serverId)).toBeNull()
    fake.emit('minecraft.backup', run({ step: 'archive', bytes: 5_000_000 }))
    expect(useBackupsStore.getState().runs.b1).toMatchObject({ step: 'archive', bytes: 5_000_000 })
    const listed = () => fake.calls.filter((call) => call.name === 'minecraft.backups').length
    expect(listed()).toBe(1)

    files = [{ name: 'world-2.tar.gz', size: 200, createdAt: 2 }, ...files]
    fake.emit('minecraft.backup', run({ step: 'rotate', state: 'done', bytes: 9_000_000, file: 'world-2.tar.gz' }))
    fake.emit('minecraft.backup', run({ step: 'rotate', state: 'done', bytes: 9_000_000, file: 'world-2.tar.gz' }))
    await settle()
    expect(listed()).toBe(2)
    expect(useBackupsStore.getState().files?.map((file) => file.name)).toEqual(['world-2.tar.gz', 'world-1.tar.gz'])
    stop()
    fake.emit('minecraft.backup', run({ runId: 'b2', startedAt: 2 }))
    expect(useBackupsStore.getState().runs.b2).toBeUndefined()
  })

  it('reads the runs again when the connection comes back: an end sent meanwhile was lost', async () => {
    let listed: BackupRun[] = [run({ step: 'archive' })]
    const fake = fakeClient({
      'minecraft.backups': () => [],
      'minecraft.runs': () => listed,
      'minecraft.schedule': () => ({ dailyAt: null, keep: 7 })
    })
    const connection = new Set<(state: ConnectionState) => void>()
    Object.assign(fake.client, {
      onConnectionChange: (listener: (state: ConnectionState) => void) => {
        connection.add(listener)
        return () => connection.delete(listener)
      }
    })
    const change = (state: ConnectionState) => connection.forEach((listener) => listener(state))
    setApi(fake.client)
    const stop = useBackupsStore.getState().show(serverId)
    await settle()
    expect(useBackupsStore.getState().runs.b1).toMatchObject({ state: 'running', step: 'archive' })

    change('reconnecting')
    listed = [run({ step: 'rotate', state: 'done', file: 'world-2.tar.gz' })]
    change('open')
    await settle()
    expect(useBackupsStore.getState().runs.b1).toMatchObject({ state: 'done', file: 'world-2.tar.gz' })
    expect(fake.calls.filter((call) => call.name === 'minecraft.backups')).toHaveLength(2)

    // The core restarted: its runs start again from b1, and the one shown before is gone.
    change('reconnecting')
    listed = [run({ startedAt: 99, step: 'save-all' })]
    change('open')
    await settle()
    expect(useBackupsStore.getState().runs).toEqual({ b1: run({ startedAt: 99, step: 'save-all' }) })
    stop()
    expect(connection.size).toBe(0)
  })

  it('says why a backup, a restore or the schedule could not be started', async () => {
    const refuse = (name: 'minecraft.backup' | 'minecraft.restore' | 'minecraft.setSchedule', message: string) => () => {
      throw new RequestFailure(name, { code: 'failed', message })
    }
    const fake = fakeClient({
      'minecraft.backups': refuse('minecraft.backup', 'pi-primary: permission denied on /mnt/usb/backups'),
      'minecraft.runs': () => [],
      'minecraft.schedule': () => ({ dailyAt: null, keep: 7 }),
      'minecraft.backup': refuse('minecraft.backup', 'a backup is already running'),
      'minecraft.restore': refuse('minecraft.restore', 'the confirmation does not match the archive'),
      'minecraft.setSchedule': refuse('minecraft.setSchedule', 'disk full')
    })
    setApi(fake.client)
    const stop = useBackupsStore.getState().show(serverId)
    await settle()
    expect(useBackupsStore.getState().filesError).toBe('Could not list the backups: pi-primary: permission denied on /mnt/usb/backups')
    expect(await useBackupsStore.getState().backUp(serverId)).toBe('a backup is already running')
    expect(await useBackupsStore.getState().restore(serverId, 'world-1.tar.gz', ' world-1.tar.gz ')).toBe('the confirmation does not match the archive')
    expect(fake.calls.find((call) => call.name === 'minecraft.restore')?.input).toEqual({ serverId, file: 'world-1.tar.gz', confirm: 'world-1.tar.gz' })
    expect(await useBackupsStore.getState().saveSchedule(serverId, { dailyAt: '03:30', keep: 5 })).toBe('disk full')
    expect(useBackupsStore.getState().schedule).toEqual({ dailyAt: null, keep: 7 })
    stop()
  })
})
