import { readFileSync } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { waitUntil } from '../../../../lab/net'
import { startNodeExporter, type NodeExporter } from '../../../../lab/node-exporter'
import { startPrometheus, type PrometheusServer } from '../../../../lab/prometheus'
import {
  combinedNodeQuery,
  historyStepSeconds,
  instanceMatcher,
  maxHistoryPoints,
  nodeHistoryFromPrometheus,
  nodeQueries,
  prometheusSource,
  samplesFromVector
} from './node-queries'
import { PrometheusError, query } from './prometheus-client'

const instance = '127.0.1.50:9150'
let exporter: NodeExporter
let prometheus: PrometheusServer
let dataDir: string
const never = () => new AbortController().signal

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'homelab-node-queries-'))
  exporter = await startNodeExporter({ nodeId: 'node-queries-test', address: '127.0.1.50', port: 9150 })
  prometheus = await startPrometheus({ address: '127.0.1.51', port: 9151, dataDir, scrapeTargets: [instance], scrapeIntervalSeconds: 1 })
  // Enough history that a few seconds back already have CPU and network rates.
  await waitUntil(
    'Prometheus has six scrapes of the exporter',
    async () => ((await query(prometheus.url, `count_over_time(up{instance="${instance}"}[1m])`, { signal: never() }).catch(() => []))[0]?.value ?? 0) >= 6,
    { timeoutMs: 40_000 }
  )
}, 60_000)

afterAll(async () => {
  await prometheus?.stop()
  await exporter?.process.stop()
  if (dataDir) await rm(dataDir, { recursive: true, force: true })
})

const memTotalBytes = () => Number(/^MemTotal:\s+(\d+) kB$/m.exec(readFileSync('/proc/meminfo', 'utf8'))?.[1]) * 1024

/** The regex a matcher such as `instance=~"a\\.b(:[0-9]+)?"` applies, anchored as Prometheus anchors it. */
function matcherRegex(matcher: string): RegExp {
  const quoted = /^instance=~"(.*)"$/.exec(matcher)?.[1] ?? ''
  return new RegExp(`^(?:${quoted.replace(/\\(.)/g, '$1')})$`)
}

describe('where a prometheus:<url> points', () => {
  it('scrapes a URL ending in /metrics and queries anything else for the node’s host', () => {
    expect(prometheusSource('http://10.0.0.5:9100/metrics', '10.0.0.5')).toEqual({ kind: 'exporter', url: 'http://10.0.0.5:9100/metrics' })
    expect(prometheusSource('http://prom.lan:9090/', 'pi.lan')).toEqual({
      kind: 'server',
      baseUrl: 'http://prom.lan:9090',
      instance: instanceMatcher('pi.lan'),
      instanceName: 'pi.lan'
    })
  })

  it('takes ?instance= as the exact instance and keeps a path prefix', () => {
    expect(prometheusSource('https://lab.example/prometheus?instance=pi:9100', 'ignored')).toEqual({
      kind: 'server',
      baseUrl: 'https://lab.example/prometheus',
      instance: 'instance="pi:9100"',
      instanceName: 'pi:9100'
    })
  })

  it('refuses what is no http URL', () => {
    expect(() => prometheusSource('prom.lan:9090', 'pi')).toThrow('the metrics URL "prom.lan:9090" is not http or https')
    expect(() => prometheusSource('not a url', 'pi')).toThrow('the metrics URL "not a url" is not a URL')
  })

  it('matches the host with any port or none, dots taken literally', () => {
    const regex = matcherRegex(instanceMatcher('127.0.1.50'))
    expect(['127.0.1.50:9150', '127.0.1.50'].map((name) => regex.test(name))).toEqual([true, true])
    expect(['127.0.1.5:9150', '127.0.1.500:1', '127a0a1a50:9150', 'x127.0.1.50'].some((name) => regex.test(name))).toBe(false)
    expect(matcherRegex(instanceMatcher('::1')).test('[::1]:9100')).toBe(true)
  })
})

describe('the node’s queries', () => {
  it('cover every host key of src-shared/metrics.ts but the Raspberry Pi and GPU ones', () => {
    expect(nodeQueries('instance="x"').map(({ key }) => key)).toEqual([
      'cpu', 'load1', 'load5', 'load15', 'mem', 'mem.used', 'mem.total', 'swap', 'swap.used', 'swap.total',
      'disk:', 'disk.used:', 'disk.size:', 'net.rx', 'net.tx', 'temp'
    ])
  })

  it('come back from a real Prometheus in one request, each series under its key', async () => {
    const vector = await query(prometheus.url, combinedNodeQuery(instanceMatcher('127.0.1.50'), { withUp: true }), { signal: never() })
    const { samples, up } = samplesFromVector(vector)
    expect(up).toEqual([{ instance, value: 1 }])
    expect(samples['mem.total']).toBe(memTotalBytes())
    expect(samples.cpu).toBeGreaterThanOrEqual(0)
    expect(samples.cpu).toBeLessThanOrEqual(100)
    expect(samples['net.rx']).toBeGreaterThanOrEqual(0)
    expect(samples['disk:/']).toBeGreaterThan(0)
    expect(samples['disk.size:/']).toBeGreaterThan(samples['disk.used:/'] ?? Infinity)
  })

  it('find nothing for a host whose address is a prefix of the target’s', async () => {
    expect(await query(prometheus.url, combinedNodeQuery(instanceMatcher('127.0.1.5'), { withUp: true }), { signal: never() })).toEqual([])
  })
})

describe('history from query_range', () => {
  it('keeps every range at 400 points or fewer', () => {
    for (const spanMs of [0, 1000, 4000, 15 * 60_000, 3_600_000, 86_400_000, 7 * 86_400_000]) {
      const step = historyStepSeconds(0, spanMs, 1)
      expect(Math.floor(spanMs / Math.round(step * 1000)) + 1).toBeLessThanOrEqual(maxHistoryPoints)
    }
    expect(historyStepSeconds(0, 60_000, 15)).toBe(15)
  })

  it('charts a real node at the cap, with exact values where they are constant', async () => {
    const end = Date.now()
    const start = end - 4000
    const history = await nodeHistoryFromPrometheus(prometheus.url, instanceMatcher('127.0.1.50'), { start, end, stepSeconds: 0.001, signal: never() })
    expect(Object.keys(history)).toEqual(expect.arrayContaining(['cpu', 'load1', 'mem', 'mem.used', 'mem.total', 'disk:/', 'net.rx', 'net.tx']))
    expect(history).not.toHaveProperty('up')
    for (const points of Object.values(history)) {
      expect(points.length).toBeLessThanOrEqual(maxHistoryPoints)
      expect(points.every(([time], index) => time >= start && time <= end && (index === 0 || time > (points[index - 1]?.[0] ?? Infinity)))).toBe(true)
    }
    // Asked for 1 ms steps over 4 s (4001 points): the cap, not the request, decided the step.
    const stepMs = historyStepSeconds(start, end, 0.001) * 1000
    expect(stepMs).toBeGreaterThan(10)
    expect(history['load1']).toHaveLength(Math.floor((end - start) / stepMs) + 1)
    expect(new Set(history['mem.total']?.map(([, value]) => value))).toEqual(new Set([memTotalBytes()]))
  })

  it('fails with the reason when the server cannot be reached', async () => {
    const error = await nodeHistoryFromPrometheus('http://127.0.1.51:9159', instanceMatcher('127.0.1.50'), { start: 0, end: 1000, stepSeconds: 1, signal: never() }).catch((reason: unknown) => reason)
    expect(error).toBeInstanceOf(PrometheusError)
    expect((error as PrometheusError).message).toBe('refused')
  })
})
