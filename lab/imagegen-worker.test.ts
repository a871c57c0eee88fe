import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startImagegenWorker, type ImagegenWorker } from './imagegen-worker'

let worker: ImagegenWorker

beforeAll(async () => {
  worker = await startImagegenWorker({ host: '127.0.1.62', port: 8000 })
})

afterAll(() => worker?.close())

describe('the image worker emulator', () => {
  it('answers as Flask does: sorted compact JSON with a newline, Werkzeug error pages', async () => {
    const health = await fetch(`${worker.url}/health`)
    expect(health.headers.get('content-type')).toBe('application/json')
    expect(await health.text()).toBe('{"gpu_available":true,"model_loaded":true,"status":"healthy"}\n')
    const missing = await fetch(`${worker.url}/nothing`)
    expect([missing.status, missing.headers.get('content-type')]).toEqual([404, 'text/html; charset=utf-8'])
    expect(await missing.text()).toContain('<title>404 Not Found</title>')
    const wrongMethod = await fetch(`${worker.url}/metrics`, { method: 'POST' })
    expect([wrongMethod.status, wrongMethod.headers.get('allow')]).toEqual([405, 'GET, HEAD, OPTIONS'])
    await wrongMethod.body?.cancel()
  })

  it('changes its readings through the setters', async () => {
    worker.setHealth({ model_loaded: false })
    worker.setMetrics({ gpu_temperature: null, queue_length: 7 })
    expect(await (await fetch(`${worker.url}/health`)).json()).toEqual({ status: 'healthy', gpu_available: true, model_loaded: false })
    expect(await (await fetch(`${worker.url}/metrics`)).text()).toBe(
      '{"active_generations":1,"gpu_temperature":null,"gpu_utilization":35,"memory_usage":41.5,"queue_length":7}\n'
    )
  })

  it('answers 503 with Werkzeug’s page when switched to', async () => {
    worker.fault = '503'
    try {
      const response = await fetch(`${worker.url}/health`)
      expect(response.status).toBe(503)
      expect(await response.text()).toContain('<title>503 Service Unavailable</title>')
    } finally {
      worker.fault = 'none'
    }
  })
})
