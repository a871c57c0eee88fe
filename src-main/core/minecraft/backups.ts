import type { Client } from 'ssh2'
import type { BackupStep } from '../../../src-shared/minecraft'
import type { NodeExec } from '../health/probes/node-command'
import { backupName, rotateBackups } from './backup-files'
import type { RunHandle } from './backup-runs'
import type { RconClient } from './rcon-client'
import { archiveWorld } from './world-archive'

export interface BackupJob {
  readonly nodeId: string
  readonly world: string
  readonly folder: string
  /** Archives of this world to keep, newest first. */
  readonly keep: number
  readonly rcon: RconClient
  /** The node's pooled SSH connection. */
  readonly client: () => Promise<Client>
  readonly exec: NodeExec
  readonly now: () => Date
}

type Failure = { step: BackupStep; error: string }

/**
 * `save-all flush` answers once every chunk is on disk: minutes for a big world on a Pi's SD card.
 * The server runs RCON commands on its main thread, so `save-on` waits behind a save still
 * going too. Neither may be given up on after the usual few seconds.
 */
const flushTimeoutMs = 10 * 60_000
const saveOnTimeoutMs = 2 * 60_000

/**
 * A live backup (PROTOCOLS.md): save-off → save-all flush → archive → save-on → rotate. save-on is
 * sent whatever happened before it, so a failed backup never leaves the server not saving.
 */
export async function runBackup(job: BackupJob, handle: RunHandle): Promise<void> {
  let failure: Failure | undefined
  const name = backupName(job.world, job.now())
  try {
    handle.update({ step: 'save-off' })
    await rconStep(job.rcon, 'save-off')
    handle.update({ step: 'save-all' })
    await rconStep(job.rcon, 'save-all flush', flushTimeoutMs)
    handle.update({ step: 'archive', file: name })
    const client = await job.client().catch((error: unknown) => {
      throw new Error(`no SSH connection: ${messageOf(error)}`)
    })
    const size = await archiveWorld(client, { world: job.world, folder: job.folder, name }, (bytes) => handle.update({ bytes }))
    handle.update({ bytes: size })
  } catch (error) {
    failure = { step: handle.run().step, error: messageOf(error) }
  }
  handle.update({ step: 'save-on' })
  try {
    // Once more on a new connection: a connection that broke must not leave saving off.
    await rconStep(job.rcon, 'save-on', saveOnTimeoutMs).catch(() => rconStep(job.rcon, 'save-on', saveOnTimeoutMs))
  } catch (error) {
    const saveOn = `${messageOf(error)}: saving stays off until "save-on" is run or the server restarts`
    failure = failure ? { step: failure.step, error: `${failure.error}; then ${saveOn}` } : { step: 'save-on', error: `the archive was made, but ${saveOn}` }
  }
  if (failure) {
    handle.failed(failure.step, failure.error)
    return
  }
  handle.update({ step: 'rotate' })
  try {
    await rotateBackups(job.exec, job.nodeId, job.world, job.folder, job.keep, name)
  } catch (error) {
    handle.failed('rotate', `the archive was made, but ${messageOf(error)}`)
    return
  }
  handle.done()
}

async function rconStep(rcon: RconClient, command: string, timeoutMs?: number): Promise<void> {
  try {
    await rcon.command(command, timeoutMs)
  } catch (error) {
    throw new Error(`${command} failed: ${messageOf(error)}`)
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}
