import type { Probe, ProbeResult } from '../probe'
import { quotableForEveryShell, runOnNode, singleQuoted, type NodeExec } from './node-command'
import { judgeSystemctlShow, systemctlShowProperties } from './parse-systemctl'

export interface SystemdTarget {
  readonly id: string
  readonly nodeId: string
  /** "nginx" or "nginx.service"; systemctl adds ".service" to a bare name. */
  readonly unit: string
  readonly intervalMs: number
  readonly timeoutMs: number
  readonly exec: NodeExec
}

/** systemd's unit name alphabet (unit_name_is_valid); nothing else reaches the node's shell. */
const unitNamePattern = /^[A-Za-z0-9:_.@\\-]{1,255}$/

/**
 * One `systemctl show` gives load state, active/sub state, result and timestamps: enough for a
 * reason such as "failed (exit-code) since …". "--" keeps a name starting with "-" a name.
 */
export function systemctlShowCommand(unit: string): string {
  return `systemctl show --no-pager --property=${systemctlShowProperties.join(',')} -- ${singleQuoted(unit)}`
}

/** A systemd unit on the node, read with `systemctl show` over the node's SSH connection. */
export function systemdProbe(target: SystemdTarget): Probe {
  return {
    id: target.id,
    intervalMs: target.intervalMs,
    timeoutMs: target.timeoutMs,
    run: async (signal): Promise<ProbeResult> => {
      if (!validUnitName(target.unit)) return { status: 'down', reason: `"${target.unit}" is not a valid systemd unit name` }
      const outcome = await runOnNode(target.exec, target.nodeId, systemctlShowCommand(target.unit), target.timeoutMs, signal)
      if (!outcome.ok) return { status: 'down', reason: outcome.reason }
      return { ...judgeSystemctlShow(target.unit, outcome.result), latencyMs: outcome.latencyMs }
    }
  }
}

/** Whether `unit` is a name systemd takes and every login shell reads as one word. */
export function validUnitName(unit: string): boolean {
  return unitNamePattern.test(unit) && quotableForEveryShell(unit)
}
