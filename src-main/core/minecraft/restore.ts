import { posix } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import type { Client } from 'ssh2'
import type { BackupStep, ServerControl } from '../../../src-shared/minecraft'
import type { NodeExec } from '../health/probes/node-command'
import { timestamp } from './backup-files'
import type { RunHandle } from './backup-runs'
import { isStopped, readProcessState } from './process-state'
import { sessionPath, shScript } from './remote-shell'
import { controlServer } from './server-control'
import { restoreWorld } from './world-archive'

export interface RestoreJob {
  readonly nodeId: string
  readonly world: string
  readonly folder: string
  /** The archive's name in the backups folder. */
  readonly file: string
  readonly control: ServerControl
  readonly client: () => Promise<Client>
  readonly exec: NodeExec
  readonly now: () => Date
  /** How long the process may take to show as stopped after the stop command returned. */
  readonly stopWaitMs?: number
}

const defaultStopWaitMs = 60_000
const stateCheckMs = 1000
const stateTimeoutMs = 10_000

/**
 * Stop → restore → start. The world as it was is kept beside it ("<world>.before-restore-<time>");
 * a server this stopped is started again even when the restore failed, one already stopped is left so.
 * A missing archive is found before the server is touched.
 */
export async function runRestore(job: RestoreJob, handle: RunHandle): Promise<void> {
  let failure: { step: BackupStep; error: string } | undefined
  let stopped = false
  const world = job.world.replace(/\/+$/, '')
  const archive = posix.join(job.folder, job.file)
  try {
    handle.update({ step: 'stop' })
    await checkArchive(job, archive)
    if (!isStopped(job.control.kind, await readProcessState(job.exec, job.nodeId, job.control, stateTimeoutMs))) {
      await controlServer(job.exec, job.nodeId, job.control, 'stop')
      stopped = true
      await waitUntilStopped(job)
    }
    handle.update({ step: 'restore' })
    const client = await job.client().catch((error: unknown) => {
      throw new Error(`no SSH connection: ${messageOf(error)}`)
    })
    const bytes = await restoreWorld(client, { world, archive, aside: `${world}.before-restore-${timestamp(job.now())}` }, (bytes) => handle.update({ bytes }))
    handle.update({ bytes })
  } catch (error) {
    failure = { step: handle.run().step, error: messageOf(error) }
  }
  if (stopped) {
    handle.update({ step: 'start' })
    try {
      await controlServer(job.exec, job.nodeId, job.control, 'start')
    } catch (error) {
      failure = failure ? { step: failure.step, error: `${failure.error}; then the server did not start: ${messageOf(error)}` } : { step: 'start', error: messageOf(error) }
    }
  }
  if (failure) handle.failed(failure.step, failure.error)
  else handle.done()
}

async function checkArchive(job: RestoreJob, archive: string): Promise<void> {
  let result
  try {
    result = await job.exec(job.nodeId, shScript('[ -f "$1" ]', [sessionPath(archive)]), { timeoutMs: stateTimeoutMs })
  } catch (error) {
    throw new Error(`no SSH connection: ${messageOf(error)}`)
  }
  if (result.code !== 0) throw new Error(`there is no archive at ${archive} (any more); the server was not touched`)
}

async function waitUntilStopped(job: RestoreJob): Promise<void> {
  const deadline = Date.now() + (job.stopWaitMs ?? defaultStopWaitMs)
  for (;;) {
    const state = await readProcessState(job.exec, job.nodeId, job.control, stateTimeoutMs)
    // "deactivating" or "removing" is not running, yet the process may still write the world.
    if (isStopped(job.control.kind, state)) return
    if (Date.now() >= deadline) {
      throw new Error(`the server still shows as ${state.state}${state.detail ? ` (${state.detail})` : ''} after it was told to stop; nothing was restored`)
    }
    await sleep(stateCheckMs)
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}
