import { MarkerType, type Edge } from '@xyflow/react'
import type { SshPhase } from '../../../../src-shared/ssh'
import { sshPhaseLabel } from '../ssh/ssh-model'
import { pairKey, type PlacedLink, type TopologyLayout } from './layout'
import type { NodeCardFlowNode } from './NodeCard'
import type { NodeStatusView } from './node-status'

/** Turns the placed inventory into the flow renderer's nodes, each named for screen readers. */
export function toFlowNodes(
  layout: TopologyLayout,
  selectedId: string | null,
  sshPhases: Readonly<Record<string, SshPhase>> = {},
  statusOf: (nodeId: string) => NodeStatusView = () => ({ status: 'unknown', reason: null })
): NodeCardFlowNode[] {
  return layout.nodes.map(({ node, x, y, width, height, parentId, isHost }) => {
    const { status, reason } = statusOf(node.id)
    const services = node.services.length
    const sshPhase = node.local || node.disabled ? null : (sshPhases[node.id] ?? null)
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
      ariaLabel: `${node.name}, ${status}${reason && !node.disabled ? ` (${reason})` : ''}${node.disabled ? ', planned' : ''}, ${node.role ?? 'node'} at ${node.host}, ${services} service${services === 1 ? '' : 's'}${sshPhase ? `, SSH ${sshPhaseLabel(sshPhase)}` : ''}`,
      data: { node, status, reason, isHost, sshPhase },
      zIndex: isHost ? 0 : 1
    }
  })
}

/**
 * One drawn edge per pair of nodes: links between the same two nodes (both directions too)
 * share it and its label, instead of being drawn over each other.
 */
export function toFlowEdges(layout: TopologyLayout): Edge[] {
  const byPair = new Map<string, PlacedLink[]>()
  for (const link of layout.links) {
    const key = pairKey(link.from, link.to)
    byPair.set(key, [...(byPair.get(key) ?? []), link])
  }
  return [...byPair.values()].map((links) => {
    const [first] = links as [PlacedLink, ...PlacedLink[]]
    const labels = links.flatMap((link) => (link.label ? [link.label] : []))
    const arrow = { type: MarkerType.ArrowClosed, width: 16, height: 16 }
    return {
      id: first.id,
      source: first.from,
      target: first.to,
      label: labels.join(' · ') || undefined,
      ariaLabel: links.map((link) => `Link from ${link.from} to ${link.to}${link.label ? `: ${link.label}` : ''}`).join('; '),
      type: 'smoothstep',
      markerEnd: arrow,
      markerStart: links.some((link) => link.from !== first.from) ? arrow : undefined,
      className: 'lab-link',
      zIndex: 2,
      focusable: false
    }
  })
}
