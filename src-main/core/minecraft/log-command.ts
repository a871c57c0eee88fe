import type { LogSource } from './minecraft-servers'
import { checkRemotePath, describeInvalidName, sessionPath, shScript } from './remote-shell'

/** Lines the log view starts with. */
export const backlogLines = 500

/**
 * Runs the follow command ("$@") and ends it when the SSH channel's input ends: the console
 * closes its side of the channel (or the connection dies) and the follower goes with it, on any
 * sshd, without relying on signals or a pseudo-terminal. The script ends when the follower does
 * (a stopped container ends `docker logs`), so the console sees that and follows again.
 * A background job's input is /dev/null, hence the channel's input kept as descriptor 3.
 */
const followScript = [
  'exec 3<&0',
  '"$@" & follower=$!',
  '(cat <&3 >/dev/null 2>&1; kill $follower 2>/dev/null) >/dev/null 2>&1 &',
  'watcher=$!',
  'exec 3<&-',
  'wait $follower; status=$?',
  'kill $watcher 2>/dev/null',
  'exit $status'
].join('\n')

export type LogCommand = { readonly ok: true; readonly command: string } | { readonly ok: false; readonly reason: string }

/** The command that prints the last lines of the log and then follows it, or why there is none. */
export function logCommand(source: LogSource): LogCommand {
  switch (source.kind) {
    case 'file': {
      const problem = checkRemotePath('log', source.name)
      if (problem !== undefined) return { ok: false, reason: problem }
      // -F follows the name, so the log keeps streaming when the server rotates latest.log.
      return follow(['tail', '-n', String(backlogLines), '-F', sessionPath(source.name)])
    }
    case 'journald':
    case 'docker': {
      const invalid = describeInvalidName(source.kind, source.name)
      if (invalid !== undefined) return { ok: false, reason: invalid }
      return source.kind === 'journald'
        ? follow(['journalctl', '--no-pager', '-o', 'cat', '-n', String(backlogLines), '-f', '-u', source.name])
        : follow(['docker', 'logs', '--tail', String(backlogLines), '--follow', source.name.replace(/^\//, '')])
    }
  }
}

function follow(argv: readonly string[]): LogCommand {
  return { ok: true, command: followUntilInputEnds(argv) }
}

/** `argv` run on the node until it ends or the channel's input does. */
export function followUntilInputEnds(argv: readonly string[]): string {
  return shScript(followScript, argv)
}
