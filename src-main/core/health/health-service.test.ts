import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { NodeHealth } from '../../../src-shared/health'
import { Inventory } from '../../../src-shared/inventory'
import { HealthService } from './health-service'
import type { Probe, ProbeResult } from './probe'

beforeEach(() => vi.useFakeTimers())
afterEach(() => vi.useRealTimers())

const lab = (ids: readonly string[]) =>
  Inventory.parse({ name: 'Lab', nodes: ids.map((id) => ({ id, name: id.toUpperCase(), host: '127.0.1.250', services: [{ id: 'web', kind: 'tcp', port: 80 }] })) })

/** Probes that answer at once with what the test says each target is. */
function answering(results: Map<string, ProbeResult>) {
  return (inventory: Inventory): Probe[] =>
    inventory.nodes.flatMap((node) =>
      [node.id, `${node.id}/web`].map((id) => ({ id, intervalMs: 1000, timeoutMs: 500, run: async () => results.get(id) ?? { status: 'up' } }))
    )
}

function service(results: Map<string, ProbeResult>) {
  const transitions: string[] = []
  const batches: { nodes: NodeHealth[]; removed: string[] }[] = []
  const subject = new HealthService({
    probesFor: answering(results),
    samples: { record: () => undefined, recordGap: () => undefined, forget: () => undefined },
    transitions: { recordTransition: (target, _at, status) => transitions.push(`${target} ${status}`), uptime: () => null },
    sshState: () => undefined,
    onChanged: (nodes, removed) => batches.push({ nodes, removed }),
    onTransition: () => undefined,
    now: () => Date.now()
  })
  return { subject, transitions, batches }
}

describe('the health service', () => {
  it('ends the uptime of a node and its services when they leave the inventory', async () => {
    const { subject, transitions } = service(new Map())
    subject.apply(lab(['pi', 'nas']))
    await vi.advanceTimersByTimeAsync(1000)
    expect(transitions).toContain('nas up')
    subject.apply(lab(['pi']))
    expect(transitions.slice(-2)).toEqual(['nas unknown', 'nas/web unknown'])
    subject.stop()
  })

  it('does not report a node removed and added back within one batch as removed', async () => {
    const { subject, batches } = service(new Map())
    subject.apply(lab(['pi', 'nas']))
    await vi.advanceTimersByTimeAsync(1000)
    batches.length = 0
    subject.apply(lab(['pi']))
    subject.apply(lab(['pi', 'nas']))
    await vi.advanceTimersByTimeAsync(300)
    expect(batches.flatMap((batch) => batch.removed)).toEqual([])
    subject.stop()
  })

  it('turns probe results into node health, one batch for changes that come together', async () => {
    const results = new Map<string, ProbeResult>([['pi/web', { status: 'down', reason: 'refused' }]])
    const { subject, batches } = service(results)
    subject.apply(lab(['pi']))
    // Every first run falls within one interval (jitter), and the batch follows 250 ms later.
    await vi.advanceTimersByTimeAsync(1000 + 300)
    const pi = batches.flatMap((batch) => batch.nodes).findLast((health) => health.nodeId === 'pi')
    expect(pi).toMatchObject({ status: 'degraded', reason: 'web down: refused', services: [{ serviceId: 'web', status: 'down', reason: 'refused' }] })
    subject.stop()
  })
})
