import type { NodeStatus } from '../../../../src-shared/health'
import type { Node } from '../../../../src-shared/inventory'

/** Nothing is known of a node until health polling reports on it. */
export function nodeStatus(_node: Node): NodeStatus {
  return 'unknown'
}
