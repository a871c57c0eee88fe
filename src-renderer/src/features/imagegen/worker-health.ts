import type { NodeHealth, NodeStatus } from '../../../../src-shared/health'

/**
 * The state to show beside a worker's queue: its own service's, as another service failing on
 * the same PC says nothing about it; the node's when the node itself sleeps or is down.
 */
export function workerHealth(node: NodeHealth | undefined, workerId: string): { status: NodeStatus; reason: string | null } | null {
  if (!node) return null
  if (node.status === 'asleep' || node.status === 'down') return { status: node.status, reason: node.reason }
  const serviceId = workerId.slice(workerId.indexOf('/') + 1)
  const service = node.services.find((candidate) => candidate.serviceId === serviceId)
  return service ? { status: service.status, reason: service.reason } : null
}
