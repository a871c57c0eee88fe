import { createServer, type Server } from 'node:http'
import type { Socket } from 'node:net'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { waitUntil } from '../../../../lab/net'
import { startNodeExporter, type NodeExporter } from '../../../../lab/node-exporter'
import { startPrometheus, type PrometheusServer } from '../../../../lab/prometheus'
import { PrometheusError, query, queryRange } from './prometheus-client'

const instance = '127.0.1.50:9150'
const fakeUrl = 'http://127.0.1.52:9152'
let exporter: NodeExporter
let prometheus: PrometheusServer
let dataDir: string

/** What the stand-in server answers; `paths` records what it was asked. */
type FakeMode = 'error503' | 'error422' | 'html200' | 'html502' | 'wrongJson' | 'hang' | 'notHttp'
const fake = { mode: 'error503' as FakeMode, paths: [] as string[] }
let fakeServer: Server
const fakeSockets = new Set<Socket>()

const never = () => new AbortController().signal

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'homelab-prometheus-client-'))
  exporter = await startNodeExporter({ nodeId: 'client-test', address: '127.0.1.50', port: 9150 })
  prometheus = await startPrometheus({ address: '127.0.1.51', port: 9151, dataDir, scrapeTargets: [instance], scrapeIntervalSeconds: 1 })
  // Prometheus picks up new targets a few seconds after it starts; then rates need two scrapes.
  await waitUntil(
    'Prometheus has two scrapes of the exporter',
    async () => ((await query(prometheus.url, `count_over_time(up{instance="${instance}"}[1m])`, { signal: never() }).catch(() => []))[0]?.value ?? 0) >= 2,
    { timeoutMs: 30_000 }
  )
  fakeServer = createServer((request, response) => {
    fake.paths.push(request.url ?? '')
    const json = (status: number, body: unknown) => response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body))
    switch (fake.mode) {
      case 'error503':
        return json(503, { status: 'error', errorType: 'unavailable', error: 'TSDB not ready' })
      case 'error422':
        return json(422, { status: 'error', errorType: 'execution', error: 'query processing would load too many samples into memory' })
      case 'html200':
        return response.writeHead(200, { 'content-type': 'text/html' }).end('<html><body>Grafana</body></html>')
      case 'html502':
        return response.writeHead(502, { 'content-type': 'text/html' }).end('<html><body>Bad Gateway</body></html>')
      case 'wrongJson':
        return json(200, { status: 'success', data: { resultType: 'vector', result: [{ metric: {}, value: 'seven' }] } })
      case 'notHttp':
        return request.socket.end('\x00\x01 not http at all\r\n\r\n')
      case 'hang':
        return
    }
  })
  fakeServer.on('connection', (socket) => {
    fakeSockets.add(socket)
    socket.once('close', () => fakeSockets.delete(socket))
  })
  await new Promise<void>((resolve) => fakeServer.listen(9152, '127.0.1.52', resolve))
}, 60_000)

afterAll(async () => {
  for (const socket of fakeSockets) socket.destroy()
  await new Promise((resolve) => fakeServer?.close(resolve))
  await prometheus?.stop()
  await exporter?.process.stop()
  if (dataDir) await rm(dataDir, { recursive: true, force: true })
})

async function failure(promise: Promise<unknown>): Promise<PrometheusError> {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason
  )
  expect(error).toBeInstanceOf(PrometheusError)
  return error as PrometheusError
}

describe('query against a real Prometheus', () => {
  it('reads an instant vector with labels and numeric values', async () => {
    const result = await query(prometheus.url, `up{instance="${instance}"}`, { signal: never() })
    expect(result).toHaveLength(1)
    expect(result[0]?.metric).toMatchObject({ __name__: 'up', instance, job: 'node' })
    expect(result[0]?.value).toBe(1)
    expect(Math.abs((result[0]?.timestampMs ?? 0) - Date.now())).toBeLessThan(60_000)
  })

  it('evaluates at the time asked for', async () => {
    const time = Date.now() - 3_600_000
    expect(await query(prometheus.url, 'vector(time())', { signal: never(), time })).toEqual([{ metric: {}, timestampMs: time, value: time / 1000 }])
  })

  it('reads scalars, NaN and +Inf', async () => {
    expect(await query(prometheus.url, '1 + 1', { signal: never() })).toMatchObject([{ metric: {}, value: 2 }])
    expect((await query(prometheus.url, 'vector(1) / 0', { signal: never() }))[0]?.value).toBe(Infinity)
    expect((await query(prometheus.url, 'vector(0) / 0', { signal: never() }))[0]?.value).toBeNaN()
  })

  it('surfaces Prometheus’s own errors: bad PromQL (400) and a range vector where an instant one was expected', async () => {
    const badQuery = await failure(query(prometheus.url, 'rate(up[', { signal: never() }))
    expect(badQuery.message).toMatch(/^bad_data: /)
    expect(badQuery.httpStatus).toBe(400)
    expect((await failure(query(prometheus.url, 'up[1m]', { signal: never() }))).message).toBe('the query gave a matrix, not an instant vector')
  })
})

describe('queryRange against a real Prometheus', () => {
  it('gives each series its points, oldest first, one per step', async () => {
    const end = Date.now()
    const start = end - 5000
    const [series, ...others] = await queryRange(prometheus.url, `node_load1{instance="${instance}"}`, { start, end, stepSeconds: 0.5, signal: never() })
    expect(others).toEqual([])
    const times = series?.points.map(([time]) => time) ?? []
    expect(times.length).toBeGreaterThan(1)
    expect(times.length).toBeLessThanOrEqual(11)
    expect(times.every((time, index) => time >= start && time <= end && (index === 0 || time - (times[index - 1] ?? 0) === 500))).toBe(true)
    expect(series?.points.every(([, value]) => value >= 0)).toBe(true)
  })

  it('passes on Prometheus’s refusal of too many points', async () => {
    const error = await failure(queryRange(prometheus.url, 'up', { start: 0, end: Date.now(), stepSeconds: 1, signal: never() }))
    expect(error.message).toMatch(/^bad_data: .*11,?000 points/)
  })
})

describe('query when the reply is not what Prometheus answers', () => {
  it.each([
    ['error503', 'unavailable: TSDB not ready', 503],
    ['error422', 'execution: query processing would load too many samples into memory', 422],
    ['html200', 'the reply is not Prometheus JSON', 200],
    ['wrongJson', 'the reply is not Prometheus JSON', 200],
    ['html502', 'HTTP 502', 502],
    ['notHttp', 'the reply is not HTTP', undefined]
  ] as const)('%s → "%s"', async (mode, message, httpStatus) => {
    fake.mode = mode
    const error = await failure(query(fakeUrl, 'up', { signal: never(), timeoutMs: 2000 }))
    expect({ message: error.message, httpStatus: error.httpStatus }).toEqual({ message, httpStatus })
  })

  it('gives up at its timeout, and when the caller aborts', async () => {
    fake.mode = 'hang'
    expect((await failure(query(fakeUrl, 'up', { signal: never(), timeoutMs: 300 }))).message).toBe('timeout')
    const controller = new AbortController()
    const pending = query(fakeUrl, 'up', { signal: controller.signal, timeoutMs: 60_000 })
    setTimeout(() => controller.abort(), 50)
    expect((await failure(pending)).message).toBe('timeout')
    expect((await failure(query(fakeUrl, 'up', { signal: controller.signal }))).message).toBe('timeout')
  })

  it('says "refused" when nothing listens, and rejects a base URL that is no URL', async () => {
    expect((await failure(query('http://127.0.1.52:9153', 'up', { signal: never() }))).message).toBe('refused')
    expect((await failure(query('prometheus', 'up', { signal: never() }))).message).toBe('"prometheus" is not a URL')
  })

  it('keeps a base URL’s path prefix and drops its query', async () => {
    fake.mode = 'error503'
    fake.paths.length = 0
    await failure(query(`${fakeUrl}/prometheus/?instance=x`, 'up{job="node"}', { signal: never() }))
    expect(fake.paths).toHaveLength(1)
    const asked = new URL(fake.paths[0] ?? '', fakeUrl)
    expect(asked.pathname).toBe('/prometheus/api/v1/query')
    expect([...asked.searchParams]).toEqual([['query', 'up{job="node"}']])
  })
})
