import { describe, expect, it } from 'vitest'
import type { HealthTransition, NodeHealth } from '../../../../src-shared/health'
import { Inventory } from '../../../../src-shared/inventory'
import {
  applyChange,
  applySnapshot,
  canWake,
  countStatuses,
  emptyHealth,
  rememberKeys,
  samplesChanged,
  summaryText,
  transitionMessage,
  type HealthData
} from './health-model'
import { recentWindowMs } from './recent-series'

function health(nodeId: string, overrides: Partial<NodeHealth> = {}): NodeHealth {
  return {
    nodeId,
    status: 'up',
    reason: null,
    since: 1_000,
    checkedAt: 1_000,
    samples: {},
    facts: [],
    services: [],
    uptime: { day: null, week: null },
    wakeable: false,
    ...overrides
  }
}

const now = 10_000_000

describe('applySnapshot', () => {
  it('replaces what is held: a node missing from the list is forgotten with its keys and sparklines', () => {
    const held: HealthData = {
      nodes: { a: health('a'), gone: health('gone') },
      knownKeys: { gone: ['cpu'] },
      recent: { gone: { cpu: [[1, 2]] } }
    }
    const next = applySnapshot(held, [health('a', { status: 'down', checkedAt: 2_000 }), health('b', { samples: { cpu: 3, mem: 4 } })])
    expect(Object.keys(next.nodes).sort()).toEqual(['a', 'b'])
    expect(next.nodes.a?.status).toBe('down')
    expect(next.knownKeys).toEqual({ b: ['cpu', 'mem'] })
    expect(next.recent).toEqual({})
  })

  it('keeps an event that overtook the list on its way', () => {
    const held: HealthData = { ...emptyHealth, nodes: { a: health('a', { status: 'down', since: 5_000, checkedAt: 5_000 }) } }
    const next = applySnapshot(held, [health('a', { status: 'up', since: 1_000, checkedAt: 4_000 })])
    expect(next.nodes.a?.status).toBe('down')
  })
})

describe('applyChange', () => {
  it('replaces the changed nodes, keeps the others, and forgets the removed ones', () => {
    const held: HealthData = { ...emptyHealth, nodes: { a: health('a'), b: health('b'), c: health('c') }, knownKeys: { c: ['cpu'] } }
    const next = applyChange(held, { nodes: [health('a', { status: 'degraded', reason: 'web down' })], removed: ['c'] }, now)
    expect(next.nodes.a?.reason).toBe('web down')
    expect(next.nodes.b).toBe(held.nodes.b)
    expect(next.nodes.c).toBeUndefined()
    expect(next.knownKeys).toEqual({})
  })

  it('remembers every key the samples have shown, so a node that goes down keeps its charts', () => {
    let data = applyChange(emptyHealth, { nodes: [health('a', { samples: { cpu: 1, 'disk:/': 40 } })], removed: [] }, now)
    data = applyChange(data, { nodes: [health('a', { status: 'down', samples: {} })], removed: [] }, now)
    expect(data.knownKeys.a).toEqual(['cpu', 'disk:/'])
  })

  it('extends the sparklines of a followed node with each new sample, at its check time', () => {
    const start: HealthData = { ...emptyHealth, recent: { a: { cpu: [[now - 20_000, 5]] } } }
    const next = applyChange(start, { nodes: [health('a', { checkedAt: now - 10_000, samples: { cpu: 7, mem: 30 } })], removed: [] }, now)
    expect(next.recent.a).toEqual({ cpu: [[now - 20_000, 5], [now - 10_000, 7]], mem: [[now - 10_000, 30]] })
  })

  it('adds no point when only a service changed and the samples are the same', () => {
    const samples = { cpu: 7 }
    const start: HealthData = { nodes: { a: health('a', { samples, checkedAt: now - 10_000 }) }, knownKeys: {}, recent: { a: { cpu: [[now - 10_000, 7]] } } }
    const next = applyChange(start, { nodes: [health('a', { samples: { ...samples }, checkedAt: now - 5_000, status: 'degraded' })], removed: [] }, now)
    expect(next.recent.a).toBe(start.recent.a)
  })

  it('starts no sparkline for a node no dashboard follows', () => {
    const next = applyChange(emptyHealth, { nodes: [health('a', { samples: { cpu: 1 } })], removed: [] }, now)
    expect(next.recent).toEqual({})
  })

  it('drops sparkline points older than the window', () => {
    const start: HealthData = { ...emptyHealth, recent: { a: { cpu: [[now - recentWindowMs - 1, 1], [now - 1_000, 2]] } } }
    const next = applyChange(start, { nodes: [health('a', { checkedAt: now, samples: { cpu: 3 } })], removed: [] }, now)
    expect(next.recent.a?.cpu).toEqual([[now - 1_000, 2], [now, 3]])
  })
})

describe('samplesChanged and rememberKeys', () => {
  it('compares samples by value', () => {
    expect(samplesChanged(undefined, {})).toBe(false)
    expect(samplesChanged(undefined, { cpu: 1 })).toBe(true)
    expect(samplesChanged({ cpu: 1 }, { cpu: 1 })).toBe(false)
    expect(samplesChanged({ cpu: 1 }, { cpu: 2 })).toBe(true)
    expect(samplesChanged({ cpu: 1 }, { cpu: 1, mem: 2 })).toBe(true)
  })

  it('returns the same array when no key is new', () => {
    const held = ['cpu', 'mem']
    expect(rememberKeys(held, { mem: 1 })).toBe(held)
    expect(rememberKeys(held, { temp: 1 })).toEqual(['cpu', 'mem', 'temp'])
  })
})

describe('transitionMessage', () => {
  const base: HealthTransition = { target: 'pi', nodeId: 'pi', serviceId: null, name: 'Pi Primary', from: 'up', to: 'down', reason: 'refused', at: 1 }
  it('names the node, the new status and why', () => {
    expect(transitionMessage(base)).toBe('Pi Primary is down: refused')
    expect(transitionMessage({ ...base, name: 'Pi Primary › Minecraft', to: 'degraded', reason: 'slow' })).toBe('Pi Primary › Minecraft is degraded: slow')
    expect(transitionMessage({ ...base, from: 'down', to: 'up', reason: null })).toBe('Pi Primary is up again')
  })
})

describe('canWake', () => {
  it('offers waking a wakeable node that is asleep, down or unknown, never one that is up', () => {
    expect(canWake(health('a', { wakeable: true, status: 'asleep' }))).toBe(true)
    expect(canWake(health('a', { wakeable: true, status: 'down' }))).toBe(true)
    expect(canWake(health('a', { wakeable: true, status: 'unknown' }))).toBe(true)
    expect(canWake(health('a', { wakeable: true, status: 'up' }))).toBe(false)
    expect(canWake(health('a', { wakeable: false, status: 'asleep' }))).toBe(false)
    expect(canWake(undefined)).toBe(false)
  })
})

describe('countStatuses', () => {
  it('counts each status, a node without health as unknown and a planned node apart', () => {
    const inventory = Inventory.parse({
      name: 'Lab',
      nodes: [
        { id: 'a', name: 'A', host: 'a' },
        { id: 'b', name: 'B', host: 'b' },
        { id: 'c', name: 'C', host: 'c' },
        { id: 'd', name: 'D', host: 'd', disabled: true }
      ]
    })
    const counts = countStatuses(inventory.nodes, { a: health('a'), b: health('b', { status: 'asleep' }) })
    expect(counts).toEqual({ up: 1, degraded: 0, down: 0, asleep: 1, unknown: 1, planned: 1 })
    expect(summaryText(counts)).toBe('1 up, 0 degraded, 0 down, 1 asleep, 1 unknown, 1 planned')
    expect(summaryText({ ...counts, planned: 0 })).toBe('1 up, 0 degraded, 0 down, 1 asleep, 1 unknown')
  })
})
