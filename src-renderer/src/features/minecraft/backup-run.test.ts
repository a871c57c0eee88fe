import { describe, expect, it } from 'vitest'
import type { BackupRun } from '../../../../src-shared/minecraft'
import { latestRun, mergeRun, runsFromCore, saveOnNote, stepViews } from './backup-run'

function run(patch: Partial<BackupRun>): BackupRun {
  return {
    runId: 'b1',
    serverId: 'pi-primary/minecraft',
    kind: 'backup',
    step: 'save-off',
    state: 'running',
    bytes: 0,
    file: null,
    startedAt: 1000,
    error: null,
    scheduled: false,
    ...patch
  }
}

const statuses = (backup: BackupRun) => stepViews(backup).map(({ step, status }) => `${step}:${status}`)

describe('stepViews', () => {
  it('marks the steps before the current one done and those after waiting', () => {
    expect(statuses(run({ step: 'archive', bytes: 4096 }))).toEqual(['save-off:done', 'save-all:done', 'archive:current', 'save-on:pending', 'rotate:pending'])
    expect(statuses(run({ step: 'save-off' }))[0]).toBe('save-off:current')
  })

  it('marks every step done when the run is', () => {
    expect(statuses(run({ step: 'rotate', state: 'done' }))).toEqual(['save-off:done', 'save-all:done', 'archive:done', 'save-on:done', 'rotate:done'])
  })

  it('after a failed archive shows save-on as sent and rotation as skipped', () => {
    const failed = run({ step: 'archive', state: 'failed', error: 'No space left on device' })
    expect(statuses(failed)).toEqual(['save-off:done', 'save-all:done', 'archive:failed', 'save-on:done', 'rotate:skipped'])
    expect(saveOnNote(failed)).toBe('save-on was sent, so the server saves the world again.')
  })

  it('says so when save-on itself failed, or only the rotation did', () => {
    const saveOnFailed = run({ step: 'save-on', state: 'failed', error: 'RCON connection refused' })
    expect(statuses(saveOnFailed)).toEqual(['save-off:done', 'save-all:done', 'archive:done', 'save-on:failed', 'rotate:skipped'])
    expect(saveOnNote(saveOnFailed)).toMatch(/^save-on could not be sent/)
    expect(saveOnNote(run({ step: 'rotate', state: 'failed' }))).toMatch(/only removing the oldest archives failed/)
    expect(saveOnNote(run({ step: 'archive', state: 'running' }))).toBeNull()
  })

  it('follows a restore through stop, restore and start', () => {
    const restore = run({ kind: 'restore', step: 'restore', file: 'world-2025-01-01.tar.gz' })
    expect(statuses(restore)).toEqual(['stop:done', 'restore:current', 'start:pending'])
    expect(statuses({ ...restore, state: 'failed' })).toEqual(['stop:done', 'restore:failed', 'start:skipped'])
    expect(saveOnNote({ ...restore, state: 'failed' })).toBeNull()
  })
})

describe('mergeRun and latestRun', () => {
  it('takes each newer event of a run, but never takes a finished run back to running', () => {
    let runs = mergeRun({}, run({ step: 'archive', bytes: 10 }))
    runs = mergeRun(runs, run({ step: 'archive', bytes: 20 }))
    expect(runs.b1?.bytes).toBe(20)
    runs = mergeRun(runs, run({ step: 'rotate', state: 'done', bytes: 30, file: 'world.tar.gz' }))
    runs = mergeRun(runs, run({ step: 'archive', bytes: 25 }))
    expect(runs.b1).toMatchObject({ state: 'done', bytes: 30 })
  })

  it('takes a run with a known id but another start as another run (a restarted core counts from b1 again)', () => {
    const finished = mergeRun({}, run({ state: 'done', step: 'rotate' }))
    expect(mergeRun(finished, run({ startedAt: 5000 })).b1).toMatchObject({ state: 'running', startedAt: 5000 })
  })

  it('takes the core’s list after a reconnect, keeping an end already seen', () => {
    const shown = { b1: run({ state: 'done', step: 'rotate' }), b2: run({ runId: 'b2', startedAt: 2000 }) }
    expect(runsFromCore(shown, [run({ step: 'archive' })])).toEqual({ b1: shown.b1 })
    expect(runsFromCore(shown, [run({ runId: 'b2', startedAt: 2000, state: 'failed', step: 'archive' })])).toEqual({ b2: run({ runId: 'b2', startedAt: 2000, state: 'failed', step: 'archive' }) })
  })

  it('finds the newest run of a server', () => {
    const runs = {
      b1: run({ runId: 'b1', startedAt: 1000 }),
      b2: run({ runId: 'b2', startedAt: 3000, kind: 'restore', step: 'stop' }),
      b3: run({ runId: 'b3', startedAt: 5000, serverId: 'nas/creative' })
    }
    expect(latestRun(runs, 'pi-primary/minecraft')?.runId).toBe('b2')
    expect(latestRun(runs, 'nas/creative')?.runId).toBe('b3')
    expect(latestRun(runs, 'nowhere/else')).toBeNull()
  })
})
