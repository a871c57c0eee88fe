import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startImagegenWorker, type ImagegenWorker } from '../../../../lab/imagegen-worker'
import type { ProbeResult } from '../probe'
import { workerProbe } from './worker-probe'

const address = '127.0.1.62'
let worker: ImagegenWorker

beforeAll(async () => {
  worker = await startImagegenWorker({ host: address, port: 8000 })
})

afterAll(() => worker?.close())

/** Runs the probe the way the scheduler does: aborted at its timeout. */
function check(url: string, timeoutMs = 1000): Promise<ProbeResult> {
  const probe = workerProbe({ id: 'worker', url, intervalMs: 10_000, timeoutMs })
  const controller = new AbortController()
  const timer = setTimeout(() => controller.abort(new Error('timeout')), timeoutMs)
  return probe.run(controller.signal).finally(() => clearTimeout(timer))
}

function healthy(): void {
  worker.fault = 'none'
  worker.setHealth({ status: 'healthy', gpu_available: true, model_loaded: true })
}

describe('the image worker probe', () => {
  it('finds a healthy worker up, with GPU temperature, utilisation and the queue', async () => {
    healthy()
    worker.setMetrics({ gpu_temperature: 71.5, gpu_utilization: 93, active_generations: 1, queue_length: 4 })
    const result = await check(worker.url)
    expect(result).toMatchObject({
      status: 'up',
      samples: { queue: 4, 'gpu0.temp': 71.5, 'gpu0.util': 93 },
      facts: [
        { label: 'GPU temperature', value: '71.5 °C' },
        { label: 'queue length', value: '4' },
        { label: 'active generations', value: '1' }
      ]
    })
    expect(result.reason).toBeUndefined()
    expect(result.latencyMs).toBeGreaterThan(0)
    expect(result.samples?.['latency']).toBe(result.latencyMs)
  })

  it('follows the values as they change', async () => {
    healthy()
    worker.setMetrics({ gpu_temperature: 55, gpu_utilization: 0, active_generations: 0, queue_length: 0 })
    expect(await check(`${worker.url}/`)).toMatchObject({ status: 'up', samples: { queue: 0, 'gpu0.temp': 55, 'gpu0.util': 0 } })
  })

  it('leaves out GPU readings the worker cannot take', async () => {
    healthy()
    worker.setMetrics({ gpu_temperature: null, gpu_utilization: null })
    const result = await check(worker.url)
    expect(result.samples).not.toHaveProperty('gpu0.temp')
    expect(result.samples).not.toHaveProperty('gpu0.util')
    expect(result.facts?.map((fact) => fact.label)).toEqual(['queue length', 'active generations'])
  })

  it('is degraded, saying why, without its model or its GPU', async () => {
    healthy()
    worker.setHealth({ model_loaded: false })
    expect(await check(worker.url)).toMatchObject({ status: 'degraded', reason: 'the image model is not loaded' })
    worker.setHealth({ model_loaded: true, gpu_available: false })
    expect(await check(worker.url)).toMatchObject({ status: 'degraded', reason: 'no GPU available: images are made on the CPU, slowly' })
  })

  it('is down when the worker reports itself unhealthy', async () => {
    healthy()
    worker.setHealth({ status: 'error' })
    expect(await check(worker.url)).toMatchObject({ status: 'down', reason: 'the worker reports "error"' })
  })

  it.each([
    ['503', 'HTTP 503'],
    ['hang', 'timeout'],
    ['garbage', "the reply is not the worker's"]
  ] as const)('gives a clear reason when the worker goes %s', async (fault, reason) => {
    healthy()
    worker.fault = fault
    try {
      expect(await check(worker.url, 300)).toEqual({ status: 'down', reason })
    } finally {
      worker.fault = 'none'
    }
  })

  it('says "refused" when nothing listens', async () => {
    expect(await check(`http://${address}:8001`)).toEqual({ status: 'down', reason: 'refused' })
  })
})

describe('the image worker probe against a worker without /metrics', () => {
  let bare: ImagegenWorker

  beforeAll(async () => {
    bare = await startImagegenWorker({ host: address, port: 8002, withMetrics: false })
  })

  afterAll(() => bare?.close())

  it('judges it by /health alone', async () => {
    const result = await check(bare.url)
    expect(result).toMatchObject({ status: 'up', facts: [] })
    expect(Object.keys(result.samples ?? {})).toEqual(['latency'])
  })
})
