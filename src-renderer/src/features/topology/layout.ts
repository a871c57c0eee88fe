import ELK, { type ElkExtendedEdge, type ElkNode } from 'elkjs/lib/elk.bundled.js'
import type { Inventory, Node } from '../../../../src-shared/inventory'

export const leafSize = { width: 264, height: 84 } as const
/** Room at the top of a host for its own card, above the nodes inside it. */
const hostHeader = 92

export interface PlacedNode {
  readonly node: Node
  readonly x: number
  readonly y: number
  readonly width: number
  readonly height: number
  /** Position relative to this parent, as nested flow nodes want it. */
  readonly parentId: string | undefined
  readonly isHost: boolean
}

export interface PlacedLink {
  readonly id: string
  readonly from: string
  readonly to: string
  readonly label: string | undefined
}

export interface TopologyLayout {
  readonly nodes: readonly PlacedNode[]
  readonly links: readonly PlacedLink[]
}

const elk = new ELK()

/** The same key for a link in either direction between two nodes. */
export function pairKey(a: string, b: string): string {
  return [a, b].sort().join('\u0000')
}

/**
 * Places every node: nodes with a parent are packed inside it, links run left to right.
 * Parents come before their children in the result, as the flow renderer requires.
 */
export async function layoutTopology(inventory: Inventory): Promise<TopologyLayout> {
  const childrenOf = new Map<string | undefined, Node[]>()
  for (const node of inventory.nodes) {
    const siblings = childrenOf.get(node.parent) ?? []
    siblings.push(node)
    childrenOf.set(node.parent, siblings)
  }

  const toElk = (node: Node): ElkNode => {
    const children = childrenOf.get(node.id) ?? []
    if (children.length === 0) return { id: node.id, ...leafSize }
    return {
      id: node.id,
      layoutOptions: {
        'elk.padding': `[top=${hostHeader},left=16,bottom=16,right=16]`,
        'elk.algorithm': 'rectpacking',
        'elk.spacing.nodeNode': '16',
        'elk.aspectRatio': '2.2'
      },
      children: children.map(toElk)
    }
  }

  // Each host is laid out on its own; a link into a host's container pulls on the host.
  const byId = new Map(inventory.nodes.map((node) => [node.id, node]))
  const topLevel = (id: string): string => {
    let node = byId.get(id)
    while (node?.parent !== undefined && byId.has(node.parent)) node = byId.get(node.parent)
    return node?.id ?? id
  }
  // Two nodes linked both ways are one pair to the layout, in the direction of the first link.
  const pairs = new Map<string, readonly [string, string]>()
  for (const link of inventory.links) {
    const from = topLevel(link.from)
    const to = topLevel(link.to)
    const key = pairKey(from, to)
    if (from !== to && !pairs.has(key)) pairs.set(key, [from, to])
  }
  const edges: ElkExtendedEdge[] = [...pairs.values()].map(([from, to], index) => ({ id: `edge-${index}`, sources: [from], targets: [to] }))

  const graph = await elk.layout({
    id: 'root',
    layoutOptions: {
      'elk.algorithm': 'layered',
      'elk.direction': 'RIGHT',
      'elk.layered.spacing.nodeNodeBetweenLayers': '220',
      'elk.spacing.nodeNode': '48',
      'elk.spacing.componentComponent': '64',
      'elk.separateConnectedComponents': 'true'
    },
    children: (childrenOf.get(undefined) ?? []).map(toElk),
    edges
  })

  const placed: PlacedNode[] = []
  const visit = (elkNode: ElkNode, parentId: string | undefined) => {
    const node = byId.get(elkNode.id)
    if (!node) return
    placed.push({
      node,
      x: elkNode.x ?? 0,
      y: elkNode.y ?? 0,
      width: elkNode.width ?? leafSize.width,
      height: elkNode.height ?? leafSize.height,
      parentId,
      isHost: (elkNode.children?.length ?? 0) > 0
    })
    for (const child of elkNode.children ?? []) visit(child, node.id)
  }
  for (const child of graph.children ?? []) visit(child, undefined)

  return {
    nodes: placed,
    links: inventory.links.map((link, index) => ({ id: `link-${index}`, from: link.from, to: link.to, label: link.label }))
  }
}
