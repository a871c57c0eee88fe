import type { Probe } from '../probe'
import { hostReadingProbe } from './host-metrics'
import { hostMetricsCommand } from './host-metrics-script'
import type { NodeExec } from './node-command'
import { parseHostMetrics } from './parse-host-metrics'

export interface SshMetricsTarget {
  readonly id: string
  readonly nodeId: string
  readonly intervalMs: number
  readonly timeoutMs: number
  readonly exec: NodeExec
}

/** Host metrics of a node without an agent: one exec of the metrics script per poll. */
export function sshMetricsProbe(target: SshMetricsTarget): Probe {
  return hostReadingProbe(target, async () => {
    const answer = await target.exec(target.nodeId, hostMetricsCommand, { timeoutMs: target.timeoutMs })
    return parseHostMetrics(answer.stdout)
  })
}
