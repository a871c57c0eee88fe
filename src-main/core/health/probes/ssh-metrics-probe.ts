import type { Probe } from '../probe'
import { hostReadingProbe } from './host-metrics'
import { hostMetricsCommand } from './host-metrics-script'
import { parseHostMetrics } from './parse-host-metrics'

/** Runs a command on a node over its SSH connection (the pool's exec); rejects when the node cannot be reached. */
export type RemoteExec = (nodeId: string, command: string, options: { timeoutMs: number }) => Promise<{ code: number | null; stdout: string; stderr: string }>

export interface SshMetricsTarget {
  readonly id: string
  readonly nodeId: string
  readonly intervalMs: number
  readonly timeoutMs: number
  readonly exec: RemoteExec
}

/** Host metrics of a node without an agent: one exec of the metrics script per poll. */
export function sshMetricsProbe(target: SshMetricsTarget): Probe {
  return hostReadingProbe(target, async () => {
    const answer = await target.exec(target.nodeId, hostMetricsCommand, { timeoutMs: target.timeoutMs })
    return parseHostMetrics(answer.stdout)
  })
}
