import { posix } from 'node:path'
import { BackupName, type BackupFile } from '../../../src-shared/minecraft'
import type { NodeExec } from '../health/probes/node-command'
import { sessionPath, shScript } from './remote-shell'

const listTimeoutMs = 15_000

/** "world" for "/srv/minecraft/world/"; the archives of a world are named after it. */
export function worldName(world: string): string {
  return posix.basename(posix.normalize(world.replace(/\/+$/, ''))) || 'world'
}

/** "world-20250602-031500.tar.gz", in the console's local time. */
export function backupName(world: string, at: Date): string {
  return `${worldName(world)}-${timestamp(at)}.tar.gz`
}

/** "20250602-031500", local time: sorts as the times do. */
export function timestamp(at: Date): string {
  const two = (value: number) => String(value).padStart(2, '0')
  return `${at.getFullYear()}${two(at.getMonth() + 1)}${two(at.getDate())}-${two(at.getHours())}${two(at.getMinutes())}${two(at.getSeconds())}`
}

/** Archives the console made of this world: others in the folder are the user's and never rotated away. */
export function isOwnArchive(world: string, name: string): boolean {
  const prefix = `${worldName(world)}-`
  return name.startsWith(prefix) && /^\d{8}-\d{6}\.tar\.gz$/.test(name.slice(prefix.length))
}

/**
 * Size, modification time and name of each *.tar.gz in the folder, one per line; `stat -c` is the
 * same in GNU coreutils and busybox. A missing folder is an empty list: no backup was made yet.
 */
const listScript = [
  'cd -- "$1" 2>/dev/null || exit 0',
  'for f in *.tar.gz; do',
  '  [ -f "$f" ] && stat -c "%s %Y %n" -- "$f"',
  'done',
  'exit 0'
].join('\n')

/** The archives in the backups folder, newest first. */
export async function listBackups(exec: NodeExec, nodeId: string, folder: string): Promise<BackupFile[]> {
  const result = await exec(nodeId, shScript(listScript, [sessionPath(folder)]), { timeoutMs: listTimeoutMs })
  if (result.code !== 0) throw new Error(`the backups in ${folder} could not be listed: ${result.stderr.trim().split('\n')[0] || `exit code ${result.code}`}`)
  return parseBackupList(result.stdout)
}

/** Lines of "size mtime name"; anything else (a warning, a name no archive of ours could have) is skipped. */
export function parseBackupList(stdout: string): BackupFile[] {
  const files: BackupFile[] = []
  for (const line of stdout.split('\n')) {
    const match = /^(\d+) (\d+) (.+)$/.exec(line.trimEnd())
    if (!match?.[1] || !match[2] || !match[3] || !BackupName.safeParse(match[3]).success) continue
    files.push({ name: match[3], size: Number(match[1]), createdAt: Number(match[2]) * 1000 })
  }
  return files.sort((a, b) => b.createdAt - a.createdAt || b.name.localeCompare(a.name))
}

/**
 * Removes this world's archives beyond the newest `keep`, the one just written always kept (an hour
 * repeated when the clocks go back, or a clock set wrong, can name it older than the rest);
 * returns the names removed.
 */
export async function rotateBackups(exec: NodeExec, nodeId: string, world: string, folder: string, keep: number, justWritten: string): Promise<string[]> {
  const own = (await listBackups(exec, nodeId, folder)).filter((file) => isOwnArchive(world, file.name) && file.name !== justWritten)
  // The name carries the time the backup was made, whatever later copies did to the mtime.
  const doomed = own
    .map((file) => file.name)
    .sort()
    .reverse()
    .slice(Math.max(0, keep - 1))
  if (doomed.length === 0) return []
  const result = await exec(nodeId, shScript('cd -- "$1" && shift && rm -f -- "$@"', [sessionPath(folder), ...doomed]), { timeoutMs: listTimeoutMs })
  if (result.code !== 0) throw new Error(`old backups could not be removed: ${result.stderr.trim().split('\n')[0] || `exit code ${result.code}`}`)
  return doomed
}
