import { quotableForEveryShell, singleQuoted } from '../health/probes/node-command'
import { validUnitName } from '../health/probes/systemd-probe'

/**
 * A POSIX sh script run over SSH whatever the user's login shell is (bash, zsh, fish): the script
 * is one single-quoted word and every value reaches it as a positional argument ("$1"), so no
 * value is ever spliced into the script's text.
 */
export function shScript(script: string, args: readonly string[]): string {
  return ['sh', '-c', singleQuoted(script), 'sh', ...args.map(singleQuoted)].join(' ')
}

/** Docker's container name rule ([a-zA-Z0-9][a-zA-Z0-9_.-]+), with the leading "/" `docker ps` may show. */
function validContainerName(name: string): boolean {
  return /^\/?[a-zA-Z0-9][a-zA-Z0-9_.-]{0,254}$/.test(name)
}

/** Why a systemd unit or container name from the inventory may not reach the node's shell; undefined when it may. */
export function describeInvalidName(kind: 'systemd' | 'journald' | 'docker', name: string): string | undefined {
  if (kind === 'docker') return validContainerName(name) ? undefined : `"${name}" is not a valid container name`
  return validUnitName(name) ? undefined : `"${name}" is not a valid systemd unit name`
}

/**
 * A path from the inventory as the SSH session reads it: "~/x" is "x" in the home folder, where
 * sessions start; "./" keeps a name starting with "-" from reading as an option.
 */
export function sessionPath(path: string): string {
  const relative = path === '~' ? '.' : path.startsWith('~/') ? path.slice(2) || '.' : path
  return relative.startsWith('-') ? `./${relative}` : relative
}

/** Whether `path` can be passed to the node's shell at all; the reason in words when not. */
export function checkRemotePath(what: string, path: string): string | undefined {
  if (/[\0\n\r]/.test(path)) return `the ${what} path has a line break in it`
  if (!quotableForEveryShell(path)) return `the ${what} path ${JSON.stringify(path)} cannot be passed to the node's shell (a quote or a trailing backslash)`
  return undefined
}
