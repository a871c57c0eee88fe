import { readFile, writeFile } from 'node:fs/promises'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parse, stringify } from 'yaml'
import type { NodeHealth } from '../../../src-shared/health'
import type { InventoryInput } from '../../../src-shared/inventory'
import { call, nextEvent, startSshLab, type SshLab } from '../../testing/ssh-lab'
import type { TempCore } from '../../testing/temp-core'

const nodeIntervalMs = 1000
const nodeTimeoutMs = 3000
let lab: SshLab
let temp: TempCore

/** The lab's inventory with every service polled each second. */
function fastYaml(edit: (inventory: InventoryInput) => void = () => undefined): string {
  const inventory = parse(lab.inventoryYaml) as InventoryInput
  for (const node of inventory.nodes) for (const service of node.services ?? []) service.interval = 1
  edit(inventory)
  return stringify(inventory)
}

async function healthOf(nodeId: string, accept: (health: NodeHealth) => boolean, ms = 20_000): Promise<NodeHealth> {
  const now = ((await call(temp.core, 'health.snapshot', {})) as NodeHealth[]).find((health) => health.nodeId === nodeId)
  if (now && accept(now)) return now
  const event = await nextEvent(temp.core, 'health.changed', ({ nodes }) => nodes.some((health) => health.nodeId === nodeId && accept(health)), ms)
  return event.nodes.find((health) => health.nodeId === nodeId)!
}

beforeAll(async () => {
  lab = await startSshLab({ sshPort: 2283, exporterPort: 9183, healthPort: 8083 })
  temp = await lab.startCore({ yaml: fastYaml(), health: { nodeIntervalMs, nodeTimeoutMs } })
}, 60_000)

afterAll(async () => {
  await lab?.stop()
})

describe('health polling of the lab', () => {
  it('finds every node up, the metrics of an SSH node equal to its /proc, and a node_exporter node charted', async () => {
    for (const node of lab.lab.nodes) await healthOf(node.id, (health) => health.status === 'up')
    const gateway = await healthOf('lab-gateway', (health) => health.samples.cpu !== undefined)
    const memTotalKiB = Number(/^MemTotal:\s+(\d+) kB/m.exec(await readFile('/proc/meminfo', 'utf8'))![1])
    expect(gateway.samples['mem.total']).toBe(memTotalKiB * 1024)
    expect(gateway.samples.cpu).toBeGreaterThanOrEqual(0)
    expect(gateway.samples.cpu).toBeLessThanOrEqual(100)
    const pi = await healthOf('lab-pi', (health) => health.samples.cpu !== undefined)
    expect(pi.samples['mem.total']).toBe(memTotalKiB * 1024)
    const worker = await healthOf('lab-worker', (health) => health.services[0]?.status === 'up')
    expect(worker.services[0]!.latencyMs).toBeGreaterThan(0)

    const reply = (await call(temp.core, 'health.series', { target: 'lab-gateway', keys: ['cpu', 'mem'], range: '15m' })) as {
      source: string
      series: Record<string, { points: [number, number | null][] }>
    }
    expect(reply.source).toBe('console')
    expect(reply.series.cpu!.points.length).toBeGreaterThan(0)
    expect(reply.series.mem!.points.every(([, value]) => value === null || (value > 0 && value <= 100))).toBe(true)
  }, 60_000)

  // The gateway is reached by SSH alone, so without sshd nothing of it answers.
  it('calls a node whose sshd dies but whose web service answers degraded', async () => {
    await healthOf('lab-worker', (health) => health.status === 'up')
    await lab.lab.stopSshd('lab-worker')
    try {
      const degraded = await healthOf('lab-worker', (health) => health.status === 'degraded' && health.reason?.startsWith('no metrics') === true, nodeIntervalMs + nodeTimeoutMs + 5000)
      expect(degraded.services.find((service) => service.serviceId === 'health')?.status).toBe('up')
    } finally {
      await lab.lab.startSshd('lab-worker')
    }
    await healthOf('lab-worker', (health) => health.status === 'up', 30_000)
  }, 60_000)

  it('marks a node whose sshd dies down within interval + timeout, logs it, and sees it come back', async () => {
    await healthOf('lab-gateway', (health) => health.status === 'up')
    const stoppedAt = Date.now()
    await lab.lab.stopSshd('lab-gateway')
    const down = await healthOf('lab-gateway', (health) => health.status === 'down', nodeIntervalMs + nodeTimeoutMs + 5000)
    expect(down.since - stoppedAt).toBeLessThanOrEqual(nodeIntervalMs + nodeTimeoutMs + 1000)
    expect(down.reason).toMatch(/refused|reset|closed|no answer/)
    await lab.lab.startSshd('lab-gateway')
    await healthOf('lab-gateway', (health) => health.status === 'up', 30_000)
    const transitions = (await call(temp.core, 'health.transitions', { nodeId: 'lab-gateway', limit: 10 })) as { target: string; from: string; to: string }[]
    // Its SSH port and its metrics are probed apart: one may be seen failing or back a moment
    // before the other, with the node degraded in between.
    const steps = transitions.filter((transition) => transition.target === 'lab-gateway').map((transition) => `${transition.from}→${transition.to}`)
    expect(steps[0]).toMatch(/^(down|degraded)→up$/)
    expect(steps).toContainEqual(expect.stringMatching(/^(up|degraded)→down$/))
    expect(transitions.some((transition) => transition.target === 'lab-gateway/ssh' && transition.to === 'down')).toBe(true)
    const uptime = (await call(temp.core, 'health.uptime', { target: 'lab-gateway', range: '24h', slots: 24 })) as { ratio: number; slots: string[] }
    expect(uptime.ratio).toBeGreaterThan(0)
    expect(uptime.ratio).toBeLessThan(1)
    expect(uptime.slots.at(-1)).toBe('down')
  }, 90_000)

  it('reloading the inventory 100 times leaves no timers or sockets behind', async () => {
    const full = fastYaml()
    const smaller = fastYaml((inventory) => {
      inventory.nodes = inventory.nodes.filter((node) => node.id !== 'lab-worker')
    })
    const resources = () => process.getActiveResourcesInfo().filter((kind) => kind === 'Timeout' || kind === 'TCPSocketWrap').length
    const before = resources()
    const probes = temp.core.health.service.stats().probes
    for (let round = 0; round < 100; round++) {
      await writeFile(temp.inventoryPath, round % 2 === 0 ? smaller : full)
      await call(temp.core, 'inventory.reload', {})
    }
    const stats = temp.core.health.service.stats()
    expect(stats.probes).toBe(probes)
    expect(stats.timers).toBeLessThanOrEqual(stats.probes)
    // Runs in flight when the loop ended may still hold a socket or a timeout each.
    expect(resources()).toBeLessThanOrEqual(before + stats.probes)
  }, 60_000)
})
