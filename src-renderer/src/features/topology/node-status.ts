import type { NodeHealth, NodeStatus } from '../../../../src-shared/health'
import type { Node } from '../../../../src-shared/inventory'

export interface NodeStatusView {
  readonly status: NodeStatus
  /** Why it is what it is, in the user's words; null when there is nothing to add. */
  readonly reason: string | null
}

type HealthByNode = Readonly<Record<string, NodeHealth>>

/** A node's status as the core polls it; nothing is known until its first report. */
export function nodeStatus(node: Node, health: NodeHealth | undefined): NodeStatusView {
  if (node.disabled) return { status: 'unknown', reason: 'planned: not monitored' }
  if (!health) return { status: 'unknown', reason: 'not checked yet' }
  return { status: health.status, reason: health.reason }
}

/**
 * Each node's status word alone (and, below, its reason alone): flat records of strings that a
 * shallow comparison finds unchanged while only the samples move, so the map does not redraw.
 */
export function statusesByNode(nodes: readonly Node[], health: HealthByNode): Readonly<Record<string, NodeStatus>> {
  return Object.fromEntries(nodes.map((node) => [node.id, nodeStatus(node, health[node.id]).status]))
}

export function reasonsByNode(nodes: readonly Node[], health: HealthByNode): Readonly<Record<string, string | null>> {
  return Object.fromEntries(nodes.map((node) => [node.id, nodeStatus(node, health[node.id]).reason]))
}
