import { createServer, type IncomingHttpHeaders, type Server } from 'node:http'
import { setTimeout as delay } from 'node:timers/promises'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { picturePng } from './imagegen-picture'
import { startImagegenWorker, type ImagegenWorker } from './imagegen-worker'
import { waitUntil } from './net'
import { readPng } from './png-read'

let worker: ImagegenWorker

beforeAll(async () => {
  worker = await startImagegenWorker({ host: '127.0.1.100', port: 8000 })
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
      '{"active_generations":0,"gpu_temperature":null,"gpu_utilization":35,"memory_usage":41.5,"queue_length":7}\n'
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

  it('destroys the connection when switched to drop', async () => {
    worker.fault = 'drop'
    try {
      await expect(fetch(`${worker.url}/health`)).rejects.toThrow(/fetch failed/)
    } finally {
      worker.fault = 'none'
    }
  })
})

/** What a callback target received. */
interface Received {
  readonly headers: IncomingHttpHeaders
  readonly body: string
}

/** The console's side of the callbacks: a tiny server that records what arrives, or never answers. */
async function startCallbackTarget(port: number, answer = true): Promise<{ server: Server; url: string; received: Received[] }> {
  const received: Received[] = []
  const server = createServer((request, response) => {
    const chunks: Buffer[] = []
    request.on('data', (chunk: Buffer) => chunks.push(chunk))
    request.once('end', () => {
      received.push({ headers: request.headers, body: Buffer.concat(chunks).toString() })
      if (answer) response.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}')
    })
  })
  await new Promise<void>((resolve) => server.listen(port, '127.0.1.102', resolve))
  return { server, url: `http://127.0.1.102:${port}/api/generation-complete`, received }
}

function stop(server: Server): Promise<void> {
  server.closeAllConnections()
  return new Promise((resolve) => server.close(() => resolve()))
}

describe('the image worker’s generations', () => {
  let generator: ImagegenWorker
  let target: Awaited<ReturnType<typeof startCallbackTarget>>
  const logged: string[] = []

  beforeAll(async () => {
    generator = await startImagegenWorker({ host: '127.0.1.101', port: 8000, secondsPerStep: 0.02, callbackTimeoutMs: 300, log: (line) => logged.push(line) })
    target = await startCallbackTarget(3001)
  })

  afterAll(async () => {
    await generator?.close()
    if (target) await stop(target.server)
  })

  const submit = (body: Record<string, unknown>) =>
    fetch(`${generator.url}/api/generate`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })
  const metrics = async () => (await (await fetch(`${generator.url}/metrics`)).json()) as { active_generations: number; queue_length: number }
  const callbacksFor = (taskId: string) => target.received.filter((item) => (JSON.parse(item.body) as { task_id: unknown }).task_id === taskId)

  it('answers at once, runs one job at a time, counts them in /metrics and calls back in order', async () => {
    const job = { type: 'image', negative_prompt: 'blurry', width: 64, height: 96, steps: 10, cfg_scale: 7, callback_url: target.url }
    const first = await submit({ ...job, task_id: 'q1', prompt: 'a red fox' })
    expect(first.headers.get('content-type')).toBe('application/json')
    expect(await first.text()).toBe('{"message":"Generation started","status":"processing","task_id":"q1"}\n')
    await (await submit({ ...job, task_id: 'q2', prompt: 'a blue owl' })).body?.cancel()
    await (await submit({ ...job, task_id: 'q3', prompt: 'a green frog' })).body?.cancel()
    expect(await metrics()).toMatchObject({ active_generations: 1, queue_length: 2 })

    await waitUntil('three callbacks', async () => target.received.length >= 3)
    expect(target.received.map((item) => (JSON.parse(item.body) as { task_id: string }).task_id)).toEqual(['q1', 'q2', 'q3'])
    expect(await metrics()).toMatchObject({ active_generations: 0, queue_length: 0 })

    const [callback] = callbacksFor('q1')
    expect(callback?.headers).toMatchObject({ 'content-type': 'application/json', 'user-agent': expect.stringMatching(/^python-requests\//) })
    // requests.post(json=…) writes json.dumps: spaces after the separators.
    expect(callback?.body).toMatch(
      /^\{"task_id": "q1", "status": "completed", "image_url": "http:\/\/127\.0\.1\.101:8000\/generated\/q1\.png", "metadata": \{"generation_time": \d+\.\d+, "model_used": "stable-diffusion-v1-5", "seed": \d+\}\}$/
    )
  })

  it('serves each image as a real PNG of the asked size, the same for the same prompt and seed', async () => {
    const callback = JSON.parse(callbacksFor('q2')[0]?.body ?? '{}') as { image_url: string; metadata: { seed: number } }
    const response = await fetch(callback.image_url)
    expect([response.status, response.headers.get('content-type')]).toEqual([200, 'image/png'])
    const bytes = Buffer.from(await response.arrayBuffer())
    const png = readPng(bytes)
    expect([png.width, png.height]).toEqual([64, 96])
    expect(png.chunks).toEqual(['IHDR', 'IDAT', 'IEND'])
    expect(bytes.equals(picturePng({ prompt: 'a blue owl', seed: callback.metadata.seed }, { width: 64, height: 96 }))).toBe(true)
    const other = readPng(await (await fetch(`${generator.url}/generated/q3.png`)).arrayBuffer().then((buffer) => new Uint8Array(buffer)))
    expect(other.rgb.equals(png.rgb)).toBe(false)
    expect((await fetch(`${generator.url}/generated/missing.png`)).status).toBe(404)
    expect((await fetch(`${generator.url}/generated/..%2Fetc%2Fpasswd`)).status).toBe(404)
  })

  it('calls back with the error when a generation fails, and writes no image', async () => {
    generator.jobFault = 'error'
    try {
      await (await submit({ task_id: 'e1', type: 'image', prompt: 'too big', steps: 4, callback_url: target.url })).body?.cancel()
      await waitUntil('the error callback', async () => callbacksFor('e1').length > 0)
    } finally {
      generator.jobFault = 'none'
    }
    expect(callbacksFor('e1')[0]?.body).toBe('{"task_id": "e1", "status": "error", "error": "CUDA out of memory. Tried to allocate 2.00 GiB (GPU 0; 8.00 GiB total capacity; 6.21 GiB already allocated; 0 bytes free; 6.40 GiB reserved in total by PyTorch)"}')
    expect((await fetch(`${generator.url}/generated/e1.png`)).status).toBe(404)
  })

  it('fails generations the pipeline refuses, as the worker’s KeyError and diffusers’ checks word them', async () => {
    await (await submit({ task_id: 'w1', type: 'image', prompt: 'odd size', width: 100, callback_url: target.url })).body?.cancel()
    await (await submit({ task_id: 'p1', type: 'image', callback_url: target.url })).body?.cancel()
    await waitUntil('both error callbacks', async () => callbacksFor('w1').length > 0 && callbacksFor('p1').length > 0)
    expect(JSON.parse(callbacksFor('w1')[0]?.body ?? '{}')).toEqual({
      task_id: 'w1',
      status: 'error',
      error: '`height` and `width` have to be divisible by 8 but are 512 and 100.'
    })
    expect(JSON.parse(callbacksFor('p1')[0]?.body ?? '{}')).toEqual({ task_id: 'p1', status: 'error', error: "'prompt'" })
  })

  it('refuses bodies Flask cannot read, with Werkzeug’s pages', async () => {
    const plain = await fetch(`${generator.url}/api/generate`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: '{}' })
    expect(plain.status).toBe(415)
    expect(await plain.text()).toContain("request Content-Type was not 'application/json'")
    const broken = await fetch(`${generator.url}/api/generate`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"task_id":' })
    expect([broken.status, await broken.text()]).toEqual([400, expect.stringContaining('<title>400 Bad Request</title>')])
    const list = await fetch(`${generator.url}/api/generate`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '[1]' })
    expect([list.status, await list.text()]).toEqual([500, expect.stringContaining('<title>500 Internal Server Error</title>')])
  })

  it('logs a callback it cannot deliver, or that gets no answer, and goes on with the next job', async () => {
    const silent = await startCallbackTarget(3002, false)
    try {
      await (await submit({ task_id: 'u1', type: 'image', prompt: 'nobody listens', steps: 2, callback_url: 'http://127.0.1.102:3009/gone' })).body?.cancel()
      await (await submit({ task_id: 'u2', type: 'image', prompt: 'nobody answers', steps: 2, callback_url: silent.url })).body?.cancel()
      await (await submit({ task_id: 'u3', type: 'image', prompt: 'after', steps: 2, callback_url: target.url })).body?.cancel()
      await waitUntil('the next job’s callback', async () => callbacksFor('u3').length > 0)
      expect(logged).toContainEqual(expect.stringMatching(/callback to http:\/\/127\.0\.1\.102:3009\/gone failed: .*ECONNREFUSED/))
      await waitUntil('the silent target’s timeout', async () => logged.some((line) => line.includes(`callback to ${silent.url} failed: no answer within 300 ms`)))
      expect(silent.received).toHaveLength(1)
      expect((await fetch(`${generator.url}/generated/u1.png`)).status).toBe(200)
    } finally {
      await stop(silent.server)
    }
  })
})

describe('a hung image worker', () => {
  it('never finishes the job it hangs on, and the queue behind it waits', async () => {
    const hung = await startImagegenWorker({ host: '127.0.1.103', port: 8000, secondsPerStep: 0.01, log: () => undefined })
    try {
      hung.jobFault = 'hang'
      const submit = (taskId: string) =>
        fetch(`${hung.url}/api/generate`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ task_id: taskId, type: 'image', prompt: 'stuck', steps: 4 })
        })
      await (await submit('h1')).body?.cancel()
      await (await submit('h2')).body?.cancel()
      // Forty steps' worth of time: a job that could finish would have.
      await delay(400)
      expect(await (await fetch(`${hung.url}/metrics`)).json()).toMatchObject({ active_generations: 1, queue_length: 1 })
      expect((await fetch(`${hung.url}/generated/h1.png`)).status).toBe(404)
    } finally {
      await hung.close()
    }
  })
})
