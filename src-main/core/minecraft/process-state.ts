import type { ProcessState, ServerControl } from '../../../src-shared/minecraft'
import { dockerPsCommand } from '../health/probes/docker-probe'
import type { NodeExec } from '../health/probes/node-command'
import { judgeDockerPs, parseDockerPsRows } from '../health/probes/parse-docker-ps'
import { judgeSystemctlShow, parseSystemctlShow } from '../health/probes/parse-systemctl'
import { systemctlShowCommand } from '../health/probes/systemd-probe'
import { describeInvalidName } from './remote-shell'

/**
 * The server process as its unit or container says, with the same commands and readings as the
 * health probes; a failure to ask is a state too ("unknown"), with the reason as its detail.
 */
export async function readProcessState(exec: NodeExec, nodeId: string, control: ServerControl, timeoutMs: number): Promise<ProcessState> {
  const invalid = describeInvalidName(control.kind, control.name)
  if (invalid !== undefined) return unknown(invalid)
  let result
  try {
    result = await exec(nodeId, control.kind === 'systemd' ? systemctlShowCommand(control.name) : dockerPsCommand, { timeoutMs })
  } catch (error) {
    return unknown(`no SSH connection: ${error instanceof Error ? error.message : String(error)}`)
  }
  return control.kind === 'systemd' ? unitState(control.name, result) : containerState(control.name, result)
}

/** Whether the process has come to rest stopped: not starting, stopping, restarting or being removed. */
export function isStopped(kind: ServerControl['kind'], process: ProcessState): boolean {
  return kind === 'systemd' ? process.state === 'inactive' || process.state === 'failed' : ['exited', 'created', 'dead'].includes(process.state)
}

function unitState(unit: string, result: Parameters<typeof judgeSystemctlShow>[1]): ProcessState {
  const verdict = judgeSystemctlShow(unit, result)
  const properties = parseSystemctlShow(result.stdout)
  const active = result.code === 0 ? properties.get('ActiveState') : undefined
  if (!active || properties.get('LoadState') === 'not-found') return unknown(verdict.reason ?? 'systemctl gave no unit state')
  const sub = properties.get('SubState')
  return { state: active, running: active === 'active', detail: verdict.reason ?? (sub ? `${active} (${sub})` : null) }
}

function containerState(container: string, result: Parameters<typeof judgeDockerPs>[1]): ProcessState {
  const verdict = judgeDockerPs(container, result)
  const name = container.replace(/^\//, '')
  const row = result.code === 0 ? parseDockerPsRows(result.stdout).find((candidate) => candidate.names.includes(name)) : undefined
  if (!row) return unknown(verdict.reason ?? `no container named ${name}`)
  const state = row.state || (row.status.startsWith('Up ') ? 'running' : 'unknown')
  return { state, running: state === 'running', detail: row.status || null }
}

function unknown(detail: string): ProcessState {
  return { state: 'unknown', running: false, detail }
}
