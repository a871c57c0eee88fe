import { describe, expect, it } from 'vitest'
import type { NodeHealth } from '../../../../src-shared/health'
import { Inventory } from '../../../../src-shared/inventory'
import { nodeStatus, reasonsByNode, statusesByNode } from './node-status'

const inventory = Inventory.parse({
  name: 'Lab',
  nodes: [
    { id: 'pi', name: 'Pi', host: 'pi' },
    { id: 'nas', name: 'NAS', host: 'nas' },
    { id: 'new', name: 'New', host: 'new', disabled: true }
  ]
})
const [pi, nas, planned] = inventory.nodes as [Inventory['nodes'][number], Inventory['nodes'][number], Inventory['nodes'][number]]

const down: NodeHealth = {
  nodeId: 'pi',
  status: 'down',
  reason: 'the connection was refused',
  since: 1,
  checkedAt: 1,
  samples: {},
  facts: [],
  services: [],
  uptime: { day: null, week: null },
  wakeable: false
}

describe('nodeStatus', () => {
  it('takes the status and reason the core reported', () => {
    expect(nodeStatus(pi, down)).toEqual({ status: 'down', reason: 'the connection was refused' })
  })

  it('is unknown before the first report, and for a planned node whatever arrives', () => {
    expect(nodeStatus(nas, undefined)).toEqual({ status: 'unknown', reason: 'not checked yet' })
    expect(nodeStatus(planned, { ...down, nodeId: 'new' })).toEqual({ status: 'unknown', reason: 'planned: not monitored' })
  })
})

describe('statusesByNode and reasonsByNode', () => {
  it('give flat records that stay equal while only samples change', () => {
    const before = { pi: down }
    const after = { pi: { ...down, samples: { cpu: 3 }, checkedAt: 2 } }
    expect(statusesByNode(inventory.nodes, before)).toEqual({ pi: 'down', nas: 'unknown', new: 'unknown' })
    expect(statusesByNode(inventory.nodes, after)).toEqual(statusesByNode(inventory.nodes, before))
    expect(reasonsByNode(inventory.nodes, after)).toEqual({ pi: 'the connection was refused', nas: 'not checked yet', new: 'planned: not monitored' })
  })
})
