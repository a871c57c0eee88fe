import { MarkerType, type Edge } from '@xyflow/react'
import type { TopologyLayout } from './layout'
import type { NodeCardFlowNode } from './NodeCard'
import { nodeStatus } from './node-status'

/** Turns the placed inventory into the flow renderer's nodes, each named for screen readers. */
export function toFlowNodes(layout: TopologyLayout, selectedId: string | null): NodeCardFlowNode[] {
  return layout.nodes.map(({ node, x, y, width, height, parentId, isHost }) => {
    const status = nodeStatus(node)
    const services = node.services.length
    return {
      id: node.id,
      type: 'lab-node',
      position: { x, y },
      parentId,
      extent: parentId ? 'parent' : undefined,
      width,
      height,
      style: { width, height },
      selected: node.id === selectedId,
      ariaRole: 'button',
      ariaLabel: `${node.name}, ${status}${node.disabled ? ', planned' : ''}, ${node.role ?? 'node'} at ${node.host}, ${services} service${services === 1 ? '' : 's'}`,
      data: { node, status, isHost },
      zIndex: isHost ? 0 : 1
    }
  })
}

export function toFlowEdges(layout: TopologyLayout): Edge[] {
  return layout.links.map((link) => ({
    id: link.id,
    source: link.from,
    target: link.to,
    label: link.label,
    ariaLabel: `Link from ${link.from} to ${link.to}${link.label ? `: ${link.label}` : ''}`,
    type: 'smoothstep',
    markerEnd: { type: MarkerType.ArrowClosed, width: 16, height: 16 },
    className: 'lab-link',
    zIndex: 2,
    focusable: false
  }))
}
