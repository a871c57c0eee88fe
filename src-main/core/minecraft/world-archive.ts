import type { Client } from 'ssh2'
import { sessionPath, shScript } from './remote-shell'
import { streamingExec, type StreamedResult } from './streaming-exec'

/** Both scripts print progress every second while tar works, so silence this long means stuck. */
const idleTimeoutMs = 120_000

/**
 * tar runs in the background while a watcher reads the channel's input: when the console gives up
 * (a timeout) or its connection dies, that input ends, and the watcher stops tar and tells the
 * script (TERM, trapped into `gone`), which then throws its work away. Without it tar would go on
 * after the console had already sent save-on or started the server again, and a restore would
 * swap the world under a running server. A background job's input is /dev/null, hence the
 * channel's input kept as descriptor 3 (as in log-command.ts). Once tar and its helpers run, the
 * script ignores SIGPIPE: writing to a channel that is gone (the shell's own "Terminated" for tar)
 * must not kill it before it has cleaned up. The progress reporter ends with the script, however
 * the script ends.
 */
const untilInputEnds = [
  'gone= job= watcher= reporter=',
  'stopped() { gone=1; }',
  'finish() { kill $reporter $watcher 2>/dev/null; }',
  'trap stopped TERM',
  'trap finish EXIT',
  'exec 3<&0'
]
const watchInput = ['(cat <&3 >/dev/null 2>&1; kill $job $$ 2>/dev/null) >/dev/null 2>&1 &', 'watcher=$!', 'exec 3<&-']
const keepOnWhenTheChannelIsGone = 'trap "" PIPE'

/**
 * Archives the world folder into the backups folder under a hidden temporary name and renames it
 * when tar is done, so a half-written archive is never listed, rotated or restored. Progress is
 * the temporary file's size (wc -c: GNU and busybox alike).
 */
const archiveScript = [
  'world=$1 folder=$2 name=$3',
  '[ -d "$world" ] || { echo "there is no world folder at $world" >&2; exit 3; }',
  'mkdir -p -- "$folder" || exit 4',
  'partial="$folder/.$name.partial"',
  'parent=$(dirname -- "$world") base=$(basename -- "$world")',
  ...untilInputEnds,
  'tar -czf "$partial" -C "$parent" -- "$base" &',
  'job=$!',
  ...watchInput,
  '(while kill -0 $$ 2>/dev/null; do sleep 1 >/dev/null 2>&1; [ -f "$partial" ] && echo "bytes $(wc -c < "$partial")"; done) &',
  'reporter=$!',
  keepOnWhenTheChannelIsGone,
  'wait $job; status=$?',
  '[ -n "$gone" ] && { wait $job; rm -f -- "$partial"; exit 9; }',
  'if [ $status -ne 0 ]; then rm -f -- "$partial"; exit $status; fi',
  'mv -f -- "$partial" "$folder/$name" || { rm -f -- "$partial"; exit 5; }',
  'echo "bytes $(wc -c < "$folder/$name")"'
].join('\n')

/**
 * Extracts the archive beside the world, and only once that worked (and the console still waits
 * for it) moves the world aside and the extracted one into its place, moving the old one back if
 * that fails. Progress is the size extracted so far (du -sk, in KiB).
 */
const restoreScript = [
  'world=$1 archive=$2 aside=$3',
  '[ -f "$archive" ] || { echo "there is no archive at $archive" >&2; exit 3; }',
  'parent=$(dirname -- "$world") base=$(basename -- "$world")',
  'staging="$parent/.$base.restoring"',
  'rm -rf -- "$staging" && mkdir -- "$staging" || exit 4',
  ...untilInputEnds,
  'tar -xzf "$archive" -C "$staging" &',
  'job=$!',
  ...watchInput,
  '(while kill -0 $$ 2>/dev/null; do sleep 1 >/dev/null 2>&1; echo "kib $(du -sk -- "$staging" 2>/dev/null)"; done) &',
  'reporter=$!',
  keepOnWhenTheChannelIsGone,
  'wait $job; status=$?',
  '[ -n "$gone" ] && { wait $job; rm -rf -- "$staging"; exit 9; }',
  'if [ $status -ne 0 ]; then rm -rf -- "$staging"; exit $status; fi',
  'if [ ! -d "$staging/$base" ]; then rm -rf -- "$staging"; echo "the archive holds no folder named $base" >&2; exit 6; fi',
  '[ -n "$gone" ] && { rm -rf -- "$staging"; exit 9; }',
  'if [ -e "$world" ]; then mv -- "$world" "$aside" || { rm -rf -- "$staging"; exit 7; }; fi',
  'if ! mv -- "$staging/$base" "$world"; then [ -e "$aside" ] && mv -- "$aside" "$world"; rm -rf -- "$staging"; exit 8; fi',
  'rm -rf -- "$staging"',
  'echo "kib $(du -sk -- "$world" 2>/dev/null)"'
].join('\n')

export interface ArchiveJob {
  readonly world: string
  readonly folder: string
  readonly name: string
}

/** Writes the archive; resolves with its size, throws what tar (or the shell) said. */
export async function archiveWorld(client: Client, job: ArchiveJob, onBytes: (bytes: number) => void): Promise<number> {
  let bytes = 0
  const result = await streamingExec(client, shScript(archiveScript, [sessionPath(job.world), sessionPath(job.folder), job.name]), {
    what: 'the archive',
    idleTimeoutMs,
    onLine: (line) => {
      const match = /^bytes\s+(\d+)\s*$/.exec(line)
      if (!match) return
      bytes = Number(match[1])
      onBytes(bytes)
    }
  })
  if (result.code !== 0) throw new Error(`the archive could not be written: ${describe(result)}`)
  return bytes
}

export interface RestoreJob {
  readonly world: string
  /** The archive's path on the node. */
  readonly archive: string
  /** Where the world as it was goes. */
  readonly aside: string
}

/** Puts the archive's world in place of the current one; resolves with the restored world's size. */
export async function restoreWorld(client: Client, job: RestoreJob, onBytes: (bytes: number) => void): Promise<number> {
  let bytes = 0
  const result = await streamingExec(client, shScript(restoreScript, [sessionPath(job.world), sessionPath(job.archive), sessionPath(job.aside)]), {
    what: 'the restore',
    idleTimeoutMs,
    onLine: (line) => {
      const match = /^kib\s+(\d+)/.exec(line)
      if (!match) return
      bytes = Number(match[1]) * 1024
      onBytes(bytes)
    }
  })
  if (result.code !== 0) throw new Error(`the archive could not be restored: ${describe(result)}`)
  return bytes
}

function describe({ code, stderr }: StreamedResult): string {
  const lines = stderr
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '')
  return lines.slice(0, 2).join('; ') || (code === null ? 'the command ended without an exit status' : `exit code ${code}`)
}
