import { readFileSync, statfsSync } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { setTimeout as delay } from 'node:timers/promises'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startFaultyHttp, type FaultyHttpService } from '../../../../lab/faulty-http'
import { waitUntil } from '../../../../lab/net'
import { startNodeExporter, type NodeExporter } from '../../../../lab/node-exporter'
import { startPrometheus, type PrometheusServer } from '../../../../lab/prometheus'
import type { Probe, ProbeResult } from '../probe'
import { query } from '../prometheus/prometheus-client'
import { prometheusProbe } from './prometheus-probe'

const exporterInstance = '127.0.1.50:9150'
/** Prometheus also scrapes a port where nothing listens: that "node" is down in its eyes. */
const deadInstance = '127.0.1.52:9153'
const faultyBase = 'http://127.0.1.52:9152'
let exporter: NodeExporter
let prometheus: PrometheusServer
let faulty: FaultyHttpService
let dataDir: string

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'homelab-prometheus-probe-'))
  exporter = await startNodeExporter({ nodeId: 'probe-test', address: '127.0.1.50', port: 9150 })
  prometheus = await startPrometheus({ address: '127.0.1.51', port: 9151, dataDir, scrapeTargets: [exporterInstance, deadInstance], scrapeIntervalSeconds: 1 })
  faulty = await startFaultyHttp('127.0.1.52', 9152)
  // Prometheus picks up its targets a few seconds after it starts; rates need two scrapes.
  const scrapes = (instance: string) =>
    query(prometheus.url, `count_over_time(up{instance="${instance}"}[1m])`, { signal: new AbortController().signal }).then(
      (vector) => vector[0]?.value ?? 0,
      () => 0
    )
  await waitUntil('Prometheus has scraped both targets twice', async () => (await scrapes(exporterInstance)) >= 2 && (await scrapes(deadInstance)) >= 2, {
    timeoutMs: 40_000
  })
}, 60_000)

afterAll(async () => {
  await faulty?.close()
  await prometheus?.stop()
  await exporter?.process.stop()
  if (dataDir) await rm(dataDir, { recursive: true, force: true })
})

function probe(url: string, host = '127.0.1.50', timeoutMs = 2000): Probe {
  return prometheusProbe({ id: 'node', url, host, intervalMs: 10_000, timeoutMs })
}

/** Runs the probe the way the scheduler does: aborted at its timeout. */
function run(subject: Probe): Promise<ProbeResult> {
  const controller = new AbortController()
  const timer = setTimeout(() => controller.abort(), subject.timeoutMs)
  return subject.run(controller.signal).finally(() => clearTimeout(timer))
}

function meminfoBytes(field: string): number {
  const kib = new RegExp(`^${field}:\\s+(\\d+) kB$`, 'm').exec(readFileSync('/proc/meminfo', 'utf8'))?.[1]
  return Number(kib) * 1024
}

describe('the prometheus probe scraping a real node_exporter', () => {
  it('reads this machine’s memory, swap, load and root disk on the first scrape, and rates from the second', async () => {
    const subject = probe(exporter.url)
    const first = await run(subject)
    expect(first).toMatchObject({ status: 'up', facts: [{ label: 'source', value: 'node_exporter' }] })
    expect(first.latencyMs).toBeGreaterThan(0)
    const samples = first.samples ?? {}
    expect(samples['mem.total']).toBe(meminfoBytes('MemTotal'))
    expect(samples['swap.total']).toBe(meminfoBytes('SwapTotal'))
    expect(samples.mem).toBeGreaterThan(0)
    expect(samples.mem).toBeLessThan(100)
    const root = statfsSync('/')
    expect(samples['disk.size:/']).toBe(root.blocks * root.bsize)
    // The share df prints: used (size − free) of what users can have (used + avail).
    const used = (root.blocks - root.bfree) * root.bsize
    expect(samples['disk:/']).toBeCloseTo((100 * used) / (used + root.bavail * root.bsize), 0)
    const [load1] = readFileSync('/proc/loadavg', 'utf8').split(' ').map(Number)
    expect(Math.abs((samples.load1 ?? -99) - (load1 ?? 99))).toBeLessThan(2)
    expect(samples).not.toHaveProperty('cpu')
    expect(samples).not.toHaveProperty('net.rx')

    await delay(1000)
    const second = (await run(subject)).samples ?? {}
    expect(second.cpu).toBeGreaterThanOrEqual(0)
    expect(second.cpu).toBeLessThanOrEqual(100)
    expect(second['net.rx']).toBeGreaterThanOrEqual(0)
    expect(second['net.tx']).toBeGreaterThanOrEqual(0)
  })

  it.each([
    ['503', 'HTTP 503'],
    ['none', 'the reply is not Prometheus text'],
    ['garbage', 'the reply is not HTTP'],
    ['hang', 'timeout']
  ] as const)('gives a clear reason when the exporter goes %s', async (fault, reason) => {
    faulty.fault = fault
    expect(await run(probe(`${faultyBase}/metrics`, '127.0.1.52', 500))).toMatchObject({ status: 'down', reason })
    faulty.fault = 'none'
  })

  it('says "refused" when nothing listens, and stops at once when aborted', async () => {
    expect(await run(probe('http://127.0.1.50:9159/metrics'))).toEqual({ status: 'down', reason: 'refused' })
    const controller = new AbortController()
    const pending = probe(exporter.url).run(controller.signal)
    controller.abort()
    expect(await pending).toEqual({ status: 'down', reason: 'timeout' })
  })

  it('explains a metrics URL that is no URL instead of throwing', async () => {
    expect(await run(probe('localhost:9100/metrics'))).toEqual({ status: 'down', reason: 'the metrics URL "localhost:9100/metrics" is not http or https' })
  })
})

describe('the prometheus probe asking a real Prometheus server', () => {
  it('finds the node by its host and reads its metrics, CPU and network rates included', async () => {
    const result = await run(probe(prometheus.url))
    expect(result).toMatchObject({
      status: 'up',
      facts: [
        { label: 'source', value: `Prometheus at ${prometheus.url}` },
        { label: 'instance', value: exporterInstance }
      ]
    })
    const samples = result.samples ?? {}
    expect(samples['mem.total']).toBe(meminfoBytes('MemTotal'))
    expect(samples.cpu).toBeGreaterThanOrEqual(0)
    expect(samples.cpu).toBeLessThanOrEqual(100)
    expect(samples['net.rx']).toBeGreaterThanOrEqual(0)
    expect(samples['disk:/']).toBeGreaterThan(0)
  })

  it('takes an explicit ?instance=', async () => {
    expect(await run(probe(`${prometheus.url}/?instance=${exporterInstance}`, 'some-other-name'))).toMatchObject({ status: 'up' })
  })

  it('reports a node Prometheus sees down, and one it has no data for', async () => {
    expect(await run(probe(prometheus.url, '127.0.1.52'))).toMatchObject({ status: 'down', reason: 'Prometheus sees the node down' })
    expect(await run(probe(prometheus.url, '127.0.1.49'))).toMatchObject({ status: 'down', reason: 'Prometheus has no data for 127.0.1.49' })
  })

  it.each([
    ['503', 'HTTP 503'],
    ['none', 'the reply is not Prometheus JSON'],
    ['hang', 'timeout']
  ] as const)('names the server when it goes %s', async (fault, reason) => {
    faulty.fault = fault
    expect(await run(probe(faultyBase, '127.0.1.50', 500))).toMatchObject({ status: 'down', reason: `Prometheus at ${faultyBase}: ${reason}` })
    faulty.fault = 'none'
  })

  it('names the server when nothing listens', async () => {
    expect(await run(probe('http://127.0.1.51:9159'))).toMatchObject({ status: 'down', reason: 'Prometheus at http://127.0.1.51:9159: refused' })
  })
})
