import type { NodeStatus, ServiceStatus } from '../../../src-shared/health'
import type { Node } from '../../../src-shared/inventory'
import type { SshPhase } from '../../../src-shared/ssh'
import type { ProbeResult } from './probe'

export interface Judgement<S extends string> {
  readonly status: S
  readonly reason: string | null
}

export interface NodeEvidence {
  readonly node: Node
  /** Whether the node has a probe of its own (SSH or Prometheus metrics, the local machine). */
  readonly probed: boolean
  /** That probe's latest result, once it has run. */
  readonly reachability: ProbeResult | undefined
  readonly services: ReadonlyMap<string, ProbeResult | undefined>
  /** The SSH connection's phase, when it waits on the user. */
  readonly ssh?: { readonly phase: SshPhase; readonly message: string }
}

export function serviceStatus(result: ProbeResult | undefined): Judgement<ServiceStatus> {
  if (!result) return { status: 'unknown', reason: null }
  return { status: result.status, reason: result.status === 'up' ? null : (result.reason ?? null) }
}

/**
 * A node's status from its own probe and its services. A node with wake-on-LAN that does not
 * answer is asleep, not down; a node whose SSH waits on the user is unknown until they answer.
 */
export function nodeStatus(evidence: NodeEvidence): Judgement<NodeStatus> {
  const { node, probed, reachability, ssh } = evidence
  if (node.disabled) return { status: 'unknown', reason: 'planned: not monitored' }
  const services = [...evidence.services].filter((entry): entry is [string, ProbeResult] => entry[1] !== undefined)
  const failing = services.filter(([, result]) => result.status !== 'up')
  const answering = services.length - services.filter(([, result]) => result.status === 'down').length
  const waitsOnUser = ssh?.phase === 'host-key-unknown' || ssh?.phase === 'auth-needed'
  // A changed host key is an alarm whatever else answers: never shown as plainly up.
  if (ssh?.phase === 'host-key-changed') {
    const reached = answering > 0 || (reachability !== undefined && reachability.status !== 'down')
    return { status: reached ? 'degraded' : 'down', reason: ssh.message }
  }
  if (probed) {
    if (!reachability) return { status: 'unknown', reason: null }
    if (reachability.status === 'down') {
      const why = waitsOnUser ? ssh.message : (reachability.reason ?? 'not answering')
      // Its services answer, so the machine is there: only its metrics are missing.
      if (answering > 0) return { status: 'degraded', reason: `no metrics: ${why}` }
      if (waitsOnUser) return { status: 'unknown', reason: why }
      return unreachable(node, why)
    }
    if (failing.length > 0) return { status: 'degraded', reason: describeFailing(node, failing, services.length) }
    return reachability.status === 'degraded' ? { status: 'degraded', reason: reachability.reason ?? null } : { status: 'up', reason: null }
  }
  if (node.services.length === 0) return { status: 'unknown', reason: 'not monitored: no metrics and no services' }
  if (services.length === 0) return { status: 'unknown', reason: null }
  if (answering === 0) return unreachable(node, services.length === 1 ? describeFailing(node, failing, 1) : 'every service is down')
  if (failing.length > 0) return { status: 'degraded', reason: describeFailing(node, failing, services.length) }
  return { status: 'up', reason: null }
}

function unreachable(node: Node, reason: string): Judgement<NodeStatus> {
  return node.wol ? { status: 'asleep', reason: `not answering (${reason}); it may be asleep` } : { status: 'down', reason }
}

function describeFailing(node: Node, failing: readonly [string, ProbeResult][], known: number): string {
  if (failing.length === 1) {
    const [serviceId, result] = failing[0]!
    const name = node.services.find((service) => service.id === serviceId)?.name ?? serviceId
    return `${name} ${result.status}${result.reason ? `: ${result.reason}` : ''}`
  }
  return `${failing.length} of ${known} services down or degraded`
}
