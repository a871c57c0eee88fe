import { describe, expect, it } from 'vitest'
import { Node, type Node as NodeType } from '../../../src-shared/inventory'
import type { ProbeResult } from './probe'
import { nodeStatus, serviceStatus, type NodeEvidence } from './status-model'

const pi = Node.parse({
  id: 'pi',
  name: 'Pi',
  host: '127.0.2.1',
  services: [
    { id: 'minecraft', name: 'Minecraft', kind: 'minecraft' },
    { id: 'web', kind: 'tcp', port: 80 }
  ]
})
const up: ProbeResult = { status: 'up', latencyMs: 2 }
const refused: ProbeResult = { status: 'down', reason: 'refused' }

function evidence(node: NodeType, reachability: ProbeResult | undefined, services: Record<string, ProbeResult | undefined> = {}, probed = true): NodeEvidence {
  return { node, probed, reachability, services: new Map(Object.entries(services)) }
}

describe('the status model', () => {
  it('is unknown until the node probe has run', () => {
    expect(nodeStatus(evidence(pi, undefined))).toEqual({ status: 'unknown', reason: null })
  })

  it('is up when the node and every service answer', () => {
    expect(nodeStatus(evidence(pi, up, { minecraft: up, web: up }))).toEqual({ status: 'up', reason: null })
  })

  it('is degraded when one service is down, naming it and why', () => {
    expect(nodeStatus(evidence(pi, up, { minecraft: refused, web: up }))).toEqual({ status: 'degraded', reason: 'Minecraft down: refused' })
    expect(nodeStatus(evidence(pi, up, { minecraft: refused, web: refused }))).toEqual({ status: 'degraded', reason: '2 of 2 services down or degraded' })
  })

  it('is down with the probe reason when the node does not answer', () => {
    expect(nodeStatus(evidence(pi, refused, { minecraft: refused }))).toEqual({ status: 'down', reason: 'refused' })
  })

  it('calls a node with wake-on-LAN that does not answer asleep', () => {
    const sleeper = Node.parse({ id: 'gpu', name: 'GPU', host: '127.0.2.2', wol: { mac: 'd8:3a:dd:00:00:01' } })
    expect(nodeStatus(evidence(sleeper, refused))).toEqual({ status: 'asleep', reason: 'not answering (refused); it may be asleep' })
  })

  it('judges a node without its own probe by its services', () => {
    expect(nodeStatus(evidence(pi, undefined, { minecraft: up, web: up }, false)).status).toBe('up')
    expect(nodeStatus(evidence(pi, undefined, { minecraft: up, web: refused }, false))).toEqual({ status: 'degraded', reason: 'web down: refused' })
    expect(nodeStatus(evidence(pi, undefined, { minecraft: refused, web: refused }, false))).toEqual({ status: 'down', reason: 'every service is down' })
    const bare = Node.parse({ id: 'switch', name: 'Switch', host: '127.0.2.3', metrics: 'none' })
    expect(nodeStatus(evidence(bare, undefined, {}, false)).reason).toBe('not monitored: no metrics and no services')
  })

  it('waits on the user when SSH asks for a host key or a login, and is down on a changed key', () => {
    const ask = { ...evidence(pi, refused), ssh: { phase: 'host-key-unknown' as const, message: 'First connection: check the host key' } }
    expect(nodeStatus(ask)).toEqual({ status: 'unknown', reason: 'First connection: check the host key' })
    const changed = { phase: 'host-key-changed' as const, message: 'The host key changed' }
    expect(nodeStatus({ ...evidence(pi, refused), ssh: changed })).toEqual({ status: 'down', reason: 'The host key changed' })
    expect(nodeStatus({ ...evidence(pi, up, { minecraft: up }), ssh: changed })).toEqual({ status: 'degraded', reason: 'The host key changed' })
  })

  it('calls a node whose metrics fail but whose services answer degraded, not down', () => {
    expect(nodeStatus(evidence(pi, refused, { minecraft: up, web: refused }))).toEqual({ status: 'degraded', reason: 'no metrics: refused' })
    const sleeper = Node.parse({ id: 'gpu', name: 'GPU', host: '127.0.2.2', wol: { mac: 'd8:3a:dd:00:00:01' }, services: [{ id: 'web', kind: 'tcp', port: 80 }] })
    expect(nodeStatus(evidence(sleeper, refused, { web: up })).status).toBe('degraded')
  })

  it('says nothing about planned nodes', () => {
    const planned = Node.parse({ id: 'ms01', name: 'MS-01', host: '127.0.2.4', disabled: true })
    expect(nodeStatus(evidence(planned, undefined)).reason).toBe('planned: not monitored')
  })

  it('gives a service its probe status and reason', () => {
    expect(serviceStatus(undefined)).toEqual({ status: 'unknown', reason: null })
    expect(serviceStatus({ status: 'down', reason: 'HTTP 503' })).toEqual({ status: 'down', reason: 'HTTP 503' })
    expect(serviceStatus(up)).toEqual({ status: 'up', reason: null })
  })
})
