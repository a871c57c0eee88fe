import { describe, expect, it } from 'vitest'
import type { NodeHealth, ServiceHealth } from '../../../../src-shared/health'
import { workerHealth } from './worker-health'

const service = (serviceId: string, status: ServiceHealth['status'], reason: string | null = null): ServiceHealth => ({
  serviceId,
  status,
  reason,
  since: 0,
  checkedAt: 0,
  latencyMs: null,
  facts: []
})

const node = (status: NodeHealth['status'], services: ServiceHealth[], reason: string | null = null): NodeHealth => ({
  nodeId: 'gpu-pc',
  status,
  reason,
  since: 0,
  checkedAt: 0,
  samples: {},
  facts: [],
  services,
  uptime: { day: null, week: null },
  wakeable: true
})

describe('workerHealth', () => {
  it('shows the worker’s own service, not the node degraded by another service', () => {
    const pc = node('degraded', [service('sd', 'up'), service('flaky', 'down', 'HTTP 503')], '1 of 2 services down')
    expect(workerHealth(pc, 'gpu-pc/sd')).toEqual({ status: 'up', reason: null })
    expect(workerHealth(pc, 'gpu-pc/flaky')).toEqual({ status: 'down', reason: 'HTTP 503' })
  })

  it('shows the node when it sleeps or is down, and nothing before health is known', () => {
    expect(workerHealth(node('asleep', [service('sd', 'down', 'timeout')], 'asleep'), 'gpu-pc/sd')).toEqual({ status: 'asleep', reason: 'asleep' })
    expect(workerHealth(node('down', [], 'refused'), 'gpu-pc/sd')).toEqual({ status: 'down', reason: 'refused' })
    expect(workerHealth(undefined, 'gpu-pc/sd')).toBeNull()
    expect(workerHealth(node('up', []), 'gpu-pc/sd')).toBeNull()
  })
})
