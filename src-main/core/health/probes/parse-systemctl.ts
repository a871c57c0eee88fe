import type { Fact } from '../../../../src-shared/metrics'
import type { ProbeResult } from '../probe'
import type { NodeCommandResult } from './node-command'

/**
 * What the probe asks `systemctl show` for. Lines come back as Name=value in D-Bus order, not in
 * this order, so they are read by name (never with --value).
 */
export const systemctlShowProperties = [
  'Id',
  'Description',
  'LoadState',
  'LoadError',
  'ActiveState',
  'SubState',
  'Result',
  'ExecMainStatus',
  'StateChangeTimestamp',
  'ActiveEnterTimestamp'
] as const

export type UnitVerdict = Pick<ProbeResult, 'status' | 'reason' | 'facts'>

/** Name=value lines; a value may itself hold "=". Lines without a name are skipped. */
export function parseSystemctlShow(stdout: string): ReadonlyMap<string, string> {
  const properties = new Map<string, string>()
  for (const line of stdout.split('\n')) {
    const match = /^([A-Za-z][A-Za-z0-9]*)=(.*)$/.exec(line.trimEnd())
    if (match?.[1] !== undefined && match[2] !== undefined && !properties.has(match[1])) properties.set(match[1], match[2])
  }
  return properties
}

/** What `systemctl show` on the node says of `unit`, from the command's exit code and output. */
export function judgeSystemctlShow(unit: string, result: NodeCommandResult): UnitVerdict {
  const failure = describeFailure(result)
  if (failure !== undefined) return { status: 'down', reason: failure }
  const properties = parseSystemctlShow(result.stdout)
  const get = (name: (typeof systemctlShowProperties)[number]) => properties.get(name) ?? ''
  const loadState = get('LoadState')
  const activeState = get('ActiveState')
  if (loadState === 'not-found') return { status: 'down', reason: `no unit named ${unit}` }
  if (loadState === 'masked') return { status: 'down', reason: `${unit} is masked` }
  if (loadState === 'error' || loadState === 'bad-setting') {
    return { status: 'down', reason: `${unit} did not load: ${loadErrorMessage(get('LoadError')) || loadState}` }
  }
  if (activeState === '') return { status: 'down', reason: 'systemctl gave no unit state' }

  const subState = get('SubState')
  const state = subState ? `${activeState} (${subState})` : activeState
  const since = timestamp(get('StateChangeTimestamp'))
  const facts: Fact[] = [{ label: 'state', value: state }]
  const activeSince = timestamp(get('ActiveEnterTimestamp'))
  if (activeState === 'active' && activeSince) facts.push({ label: 'since', value: activeSince })
  const description = get('Description')
  if (description && description !== get('Id')) facts.push({ label: 'description', value: description })

  switch (activeState) {
    case 'active':
      return { status: 'up', facts }
    case 'activating':
    case 'deactivating':
    case 'reloading':
    case 'refreshing':
      return { status: 'degraded', reason: state, facts }
    case 'failed': {
      const result = get('Result')
      const exitStatus = get('ExecMainStatus')
      const why = [result && result !== 'success' ? result : '', result === 'exit-code' && exitStatus && exitStatus !== '0' ? `status ${exitStatus}` : ''].filter(Boolean).join(', ')
      return { status: 'down', reason: `failed${why ? ` (${why})` : ''}${since ? ` since ${since}` : ''}`, facts }
    }
    default:
      return { status: 'down', reason: `${state}${since ? ` since ${since}` : ''}`, facts }
  }
}

function describeFailure({ code, stderr }: NodeCommandResult): string | undefined {
  if (code === 0) return undefined
  if (/has not been booted with systemd/i.test(stderr)) return 'the node was not booted with systemd, so it has no units to check'
  if (code === 127 || /command not found|systemctl: not found|Unknown command/i.test(stderr)) return 'systemctl is not installed on the node (it does not use systemd)'
  const firstLine = stderr.trim().split('\n')[0]?.trim()
  if (firstLine?.startsWith('Failed to connect to bus')) return `systemctl cannot reach systemd: ${firstLine}`
  return `systemctl failed: ${firstLine || (code === null ? 'it ended without an exit status' : `exit code ${code}`)}`
}

/** 'org.freedesktop.systemd1.BadUnitSetting "Unit x.service has a bad unit file setting."' → the message. */
function loadErrorMessage(loadError: string): string {
  return /"(.*)"$/.exec(loadError)?.[1] ?? loadError
}

/** systemctl prints an unset timestamp as nothing (or "n/a" in some versions). */
function timestamp(value: string): string {
  return value === 'n/a' ? '' : value
}
