import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { canConnect, waitUntil } from './net'
import { startNodeExporter, type NodeExporter } from './node-exporter'
import { startPrometheus } from './prometheus'

const address = '127.0.1.51'
const port = 9151
const target = '127.0.1.50:9150'
let exporter: NodeExporter
let dataDir: string

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'homelab-lab-prometheus-'))
  exporter = await startNodeExporter({ nodeId: 'lab-prometheus-test', address: '127.0.1.50', port: 9150 })
}, 30_000)

afterAll(async () => {
  await exporter?.process.stop()
  if (dataDir) await rm(dataDir, { recursive: true, force: true })
})

/** The value of `up` for the target, straight from the HTTP API. */
async function upOfTarget(url: string): Promise<string | undefined> {
  const response = await fetch(`${url}/api/v1/query?query=${encodeURIComponent(`up{instance="${target}"}`)}`, { signal: AbortSignal.timeout(2000) })
  const body = (await response.json()) as { data?: { result?: { value: [number, string] }[] } }
  return body.data?.result?.[0]?.value[1]
}

describe('the lab’s Prometheus', () => {
  it('is ready when it resolves, scrapes its targets, refuses a taken port and frees its own on stop', async () => {
    const prometheus = await startPrometheus({ address, port, dataDir, scrapeTargets: [target], scrapeIntervalSeconds: 1 })
    try {
      expect(prometheus.url).toBe(`http://${address}:${port}`)
      expect((await fetch(`${prometheus.url}/-/ready`)).status).toBe(200)
      await waitUntil('Prometheus scrapes the exporter', async () => (await upOfTarget(prometheus.url)) === '1', { timeoutMs: 30_000 })
      await expect(startPrometheus({ address, port, dataDir: join(dataDir, 'second'), scrapeTargets: [], scrapeIntervalSeconds: 1 })).rejects.toThrow(
        /already in use/
      )
    } finally {
      await prometheus.stop()
    }
    expect(prometheus.process.hasExited()).toBe(true)
    expect(await canConnect(address, port)).toBe(false)
  })
})
