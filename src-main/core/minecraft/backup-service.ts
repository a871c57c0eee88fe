import type { Client } from 'ssh2'
import type { BackupFile, BackupRun } from '../../../src-shared/minecraft'
import type { NodeExec } from '../health/probes/node-command'
import { listBackups } from './backup-files'
import type { BackupRuns, RunHandle } from './backup-runs'
import { runBackup } from './backups'
import type { MinecraftServer } from './minecraft-servers'
import type { RconClient } from './rcon-client'
import { checkRemotePath } from './remote-shell'
import { runRestore } from './restore'

export interface BackupServiceOptions {
  readonly runs: BackupRuns
  readonly exec: NodeExec
  readonly acquire: (nodeId: string) => Promise<Client>
  readonly rcon: (server: MinecraftServer) => RconClient | null
  /** Archives to keep per server (its schedule's setting). */
  readonly keep: (serverId: string) => number
  readonly now?: () => Date
}

/** "Back up now", scheduled backups, the list of archives and restores, checked before they start. */
export class BackupService {
  private readonly now: () => Date

  constructor(private readonly options: BackupServiceOptions) {
    this.now = options.now ?? (() => new Date())
  }

  async list(server: MinecraftServer): Promise<BackupFile[]> {
    if (server.backups === null) throw new Error(`${server.name} has no backups folder: set backups (and world) in the inventory`)
    const problem = checkRemotePath('backups', server.backups)
    if (problem !== undefined) throw new Error(`${server.name}: ${problem}`)
    return listBackups(this.options.exec, server.nodeId, server.backups)
  }

  /** Starts a backup and returns it as it begins; its progress comes as events. */
  backup(server: MinecraftServer, scheduled = false): BackupRun {
    const { world, backups: folder } = server
    if (world === null || folder === null) throw new Error(`${server.name} needs both world and backups folders in the inventory to be backed up`)
    checkFolders(server.name, world, folder)
    const rcon = this.options.rcon(server)
    if (!rcon) throw new Error(`${server.name} has no RCON: a live backup needs it to pause saving (add rcon with its port and password)`)
    const handle = this.options.runs.begin(server.id, server.name, 'backup', 'save-off', scheduled)
    const job = {
      nodeId: server.nodeId,
      world,
      folder,
      keep: this.options.keep(server.id),
      rcon,
      client: () => this.options.acquire(server.nodeId),
      exec: this.options.exec,
      now: this.now
    }
    this.settle(runBackup(job, handle), handle)
    return handle.run()
  }

  /** Starts a restore of `file`; `confirm` must repeat the file's name. */
  restore(server: MinecraftServer, file: string, confirm: string): BackupRun {
    if (confirm !== file) throw new Error(`type the archive's name, ${file}, to confirm the restore`)
    const { world, backups: folder, control } = server
    if (world === null || folder === null) throw new Error(`${server.name} needs both world and backups folders in the inventory to be restored`)
    if (control === null) throw new Error(`${server.name} has no unit or container: the server must be stopped to restore its world`)
    checkFolders(server.name, world, folder)
    const handle = this.options.runs.begin(server.id, server.name, 'restore', 'stop', false)
    handle.update({ file })
    const job = {
      nodeId: server.nodeId,
      world,
      folder,
      file,
      control,
      client: () => this.options.acquire(server.nodeId),
      exec: this.options.exec,
      now: this.now
    }
    this.settle(runRestore(job, handle), handle)
    return handle.run()
  }

  /** The runs catch their own failures; this is for a bug, so a run never stays "running". */
  private settle(run: Promise<void>, handle: RunHandle): void {
    run.catch((error: unknown) => handle.failed(handle.run().step, error instanceof Error ? error.message : String(error)))
  }
}

/** Refuses folders the node's shell cannot be given, and a world path that names no folder of its own ("~", "/", "x/.."). */
function checkFolders(serverName: string, world: string, folder: string): void {
  const problem = checkRemotePath('world', world) ?? checkRemotePath('backups', folder)
  if (problem !== undefined) throw new Error(`${serverName}: ${problem}`)
  // The last name as the node's basename reads it: that folder is archived, and replaced on restore.
  const last = world.replace(/\/+$/, '').split('/').pop() ?? ''
  if (['', '.', '..', '~'].includes(last)) {
    throw new Error(`${serverName}: the world path ${JSON.stringify(world)} must name the world folder itself, such as /opt/minecraft/world`)
  }
}
