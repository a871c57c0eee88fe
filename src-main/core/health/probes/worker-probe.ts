import { performance } from 'node:perf_hooks'
import { z } from 'zod'
import type { Fact, Samples } from '../../../../src-shared/metrics'
import type { Probe, ProbeResult } from '../probe'
import { getJson, parseJsonReply } from './get-json'

export interface WorkerTarget {
  readonly id: string
  /** The worker's base URL, e.g. http://192.168.1.100:8080 */
  readonly url: string
  readonly intervalMs: number
  readonly timeoutMs: number
}

const healthReply = z.object({ status: z.string(), gpu_available: z.boolean(), model_loaded: z.boolean() })

/** The seed leaves the sensor readers open: a PC without a GPU sensor may send null. */
const metricsReply = z.object({
  gpu_temperature: z.number().nullable(),
  gpu_utilization: z.number().nullable(),
  active_generations: z.number().int().nonnegative(),
  queue_length: z.number().int().nonnegative()
})

type Health = z.infer<typeof healthReply>
type Metrics = z.infer<typeof metricsReply>

const notTheWorker = "the reply is not the worker's"

/**
 * The seed's image worker: GET /health decides the status, GET /metrics adds GPU temperature,
 * utilisation and the queue. A worker deployed without /metrics (404) is still judged by /health.
 */
export function workerProbe(target: WorkerTarget): Probe {
  return {
    id: target.id,
    intervalMs: target.intervalMs,
    timeoutMs: target.timeoutMs,
    run: (signal) => checkOnce(target.url, signal)
  }
}

async function checkOnce(baseUrl: string, signal: AbortSignal): Promise<ProbeResult> {
  const base = baseUrl.replace(/\/+$/, '')
  const started = performance.now()
  const [healthGet, metricsGet] = await Promise.all([getJson(`${base}/health`, signal), getJson(`${base}/metrics`, signal)])
  const latencyMs = performance.now() - started
  const health = parseJsonReply(healthGet, healthReply, notTheWorker)
  if (!health.ok) return { status: 'down', reason: health.reason }
  const metricsMissing = metricsGet.kind !== 'failed' && metricsGet.kind !== 'not-http' && metricsGet.httpStatus === 404
  const metrics = metricsMissing ? undefined : parseJsonReply(metricsGet, metricsReply, notTheWorker)
  if (metrics && !metrics.ok) return { status: 'down', reason: metrics.reason }
  const samples: Samples = { latency: latencyMs, ...(metrics && samplesOf(metrics.value)) }
  const facts = metrics ? factsOf(metrics.value) : []
  return { ...judge(health.value), latencyMs, samples, facts }
}

function judge(health: Health): Pick<ProbeResult, 'status' | 'reason'> {
  if (health.status !== 'healthy') return { status: 'down', reason: `the worker reports "${health.status}"` }
  if (!health.model_loaded) return { status: 'degraded', reason: 'the image model is not loaded' }
  if (!health.gpu_available) return { status: 'degraded', reason: 'no GPU available: images are made on the CPU, slowly' }
  return { status: 'up' }
}

/** One GPU per worker in the seed, so its readings go under gpu0. */
function samplesOf(metrics: Metrics): Samples {
  return {
    queue: metrics.queue_length,
    ...(metrics.gpu_temperature !== null && { 'gpu0.temp': metrics.gpu_temperature }),
    ...(metrics.gpu_utilization !== null && { 'gpu0.util': metrics.gpu_utilization })
  }
}

function factsOf(metrics: Metrics): Fact[] {
  return [
    ...(metrics.gpu_temperature !== null ? [{ label: 'GPU temperature', value: `${metrics.gpu_temperature} °C` }] : []),
    { label: 'queue length', value: String(metrics.queue_length) },
    { label: 'active generations', value: String(metrics.active_generations) }
  ]
}
