import { beforeAll, describe, expect, it } from 'vitest'
import type { Inventory } from '../../../../src-shared/inventory'
// The test parses the shipped examples as the core does; the renderer itself never imports the core.
// eslint-disable-next-line no-restricted-imports
import { parseInventory } from '../../../../src-main/core/inventory/parse'
import piClusterYaml from '../../../../resources/examples/pi-cluster.yaml?raw'
import proxmoxYaml from '../../../../resources/examples/proxmox.yaml?raw'
import { layoutTopology, leafSize, type PlacedNode, type TopologyLayout } from './layout'

function example(text: string, name: string): Inventory {
  const result = parseInventory(text, name)
  if (!result.ok) throw new Error(`${name}: ${JSON.stringify(result.problems)}`)
  return result.inventory
}

function placed(layout: TopologyLayout, id: string): PlacedNode {
  const node = layout.nodes.find((candidate) => candidate.node.id === id)
  if (!node) throw new Error(`${id} was not placed`)
  return node
}

function overlap(a: PlacedNode, b: PlacedNode): boolean {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height
}

describe('layoutTopology on the Proxmox example', () => {
  const inventory = example(proxmoxYaml, 'proxmox.yaml')
  let layout: TopologyLayout
  beforeAll(async () => {
    layout = await layoutTopology(inventory)
  })

  it('places every node exactly once', () => {
    const ids = layout.nodes.map((node) => node.node.id)
    expect([...ids].sort()).toEqual(inventory.nodes.map((node) => node.id).sort())
  })

  it('lists every parent before its children', () => {
    const order = layout.nodes.map((node) => node.node.id)
    for (const node of inventory.nodes) {
      if (node.parent === undefined) continue
      expect(order.indexOf(node.parent), `${node.parent} before ${node.id}`).toBeLessThan(order.indexOf(node.id))
    }
  })

  it('nests each child inside its parent', () => {
    const children = inventory.nodes.filter((node) => node.parent !== undefined)
    expect(children.map((node) => node.id)).toHaveLength(6)
    for (const node of children) {
      const child = placed(layout, node.id)
      const parent = placed(layout, node.parent as string)
      expect(child.parentId).toBe(parent.node.id)
      expect(child.x, node.id).toBeGreaterThanOrEqual(0)
      expect(child.y, node.id).toBeGreaterThanOrEqual(0)
      expect(child.x + child.width, node.id).toBeLessThanOrEqual(parent.width)
      expect(child.y + child.height, node.id).toBeLessThanOrEqual(parent.height)
    }
  })

  it('keeps children of one host apart', () => {
    for (const host of ['socrates', 'rawls']) {
      const children = layout.nodes.filter((node) => node.parentId === host)
      expect(children.length).toBeGreaterThan(1)
      for (const [index, a] of children.entries()) {
        for (const b of children.slice(index + 1)) expect(overlap(a, b), `${a.node.id} and ${b.node.id}`).toBe(false)
      }
    }
  })

  it('marks hosts with children and makes them larger than a leaf', () => {
    for (const id of ['socrates', 'rawls']) {
      const host = placed(layout, id)
      expect(host.isHost).toBe(true)
      expect(host.parentId).toBeUndefined()
      expect(host.width).toBeGreaterThan(leafSize.width)
      expect(host.height).toBeGreaterThan(leafSize.height)
    }
    for (const id of ['plato', 'frege', 'ai-gpu0', 'gitlab']) {
      const leaf = placed(layout, id)
      expect(leaf.isHost, id).toBe(false)
      expect({ width: leaf.width, height: leaf.height }).toEqual(leafSize)
    }
  })

  it('lets no two top-level nodes overlap', () => {
    const topLevel = layout.nodes.filter((node) => node.parentId === undefined)
    expect(topLevel.map((node) => node.node.id).sort()).toEqual(['frege', 'plato', 'rawls', 'russell', 'socrates', 'wittgenstein'])
    for (const [index, a] of topLevel.entries()) {
      for (const b of topLevel.slice(index + 1)) expect(overlap(a, b), `${a.node.id} and ${b.node.id}`).toBe(false)
    }
  })
})

describe('layoutTopology on the Pi cluster example', () => {
  const inventory = example(piClusterYaml, 'pi-cluster.yaml')
  let layout: TopologyLayout
  beforeAll(async () => {
    layout = await layoutTopology(inventory)
  })

  it('lays the links out left to right: load balancer, web servers, database', () => {
    const lb = placed(layout, 'pi-lb')
    const db = placed(layout, 'pi-db')
    for (const id of ['pi-web1', 'pi-web2']) {
      const web = placed(layout, id)
      expect(lb.x + lb.width, `pi-lb left of ${id}`).toBeLessThanOrEqual(web.x)
      expect(web.x + web.width, `${id} left of pi-db`).toBeLessThanOrEqual(db.x)
    }
  })

  it('carries every link with its ends and label', () => {
    const { links } = layout
    expect(links.map(({ from, to, label }) => ({ from, to, label }))).toEqual([
      { from: 'pi-lb', to: 'pi-web1', label: 'round-robin :3000' },
      { from: 'pi-lb', to: 'pi-web2', label: 'round-robin :3000' },
      { from: 'pi-web1', to: 'pi-db', label: 'MariaDB 3306' },
      { from: 'pi-web2', to: 'pi-db', label: 'MariaDB 3306' }
    ])
    expect(new Set(links.map((link) => link.id)).size).toBe(links.length)
  })
})

describe('layoutTopology with links inside and into hosts', () => {
  it('keeps links between a host and its own children, and into a child from outside', async () => {
    const inventory = example(
      [
        'name: Nested',
        'nodes:',
        '  - { id: host, name: Host, host: h }',
        '  - { id: vm, name: VM, host: h, parent: host }',
        '  - { id: client, name: Client, host: h }',
        'links:',
        '  - { from: host, to: vm, label: bridge }',
        '  - { from: client, to: vm }'
      ].join('\n'),
      'nested.yaml'
    )
    const result = await layoutTopology(inventory)
    expect(result.nodes.map((node) => node.node.id)).toHaveLength(3)
    expect(result.links).toEqual([
      { id: 'link-0', from: 'host', to: 'vm', label: 'bridge' },
      { id: 'link-1', from: 'client', to: 'vm', label: undefined }
    ])
    // The link into the VM pulls on its host: the client sits left of the host.
    const client = placed(result, 'client')
    expect(client.x + client.width).toBeLessThanOrEqual(placed(result, 'host').x)
  })
})
