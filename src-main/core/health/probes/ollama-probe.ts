import { performance } from 'node:perf_hooks'
import { z } from 'zod'
import type { Probe, ProbeResult } from '../probe'
import { getJson, parseJsonReply } from './get-json'

export interface OllamaTarget {
  readonly id: string
  /** Ollama's base URL, e.g. http://127.0.0.1:11434 */
  readonly url: string
  readonly intervalMs: number
  readonly timeoutMs: number
}

const versionReply = z.object({ version: z.string() })

/** Only what the probe shows; older servers lack context_length and the rest is not needed. */
const processReply = z.object({
  models: z.array(
    z.object({
      name: z.string(),
      size: z.number().nonnegative(),
      size_vram: z.number().nonnegative()
    })
  )
})

type LoadedModel = z.infer<typeof processReply>['models'][number]

const notOllama = "the reply is not Ollama's"

/**
 * Ollama's version and the models it holds in memory (GET /api/version and /api/ps).
 * Plain fetch rather than the npm client: the client's GET helpers take no abort signal, do not
 * check the reply's shape, and console.log on every non-JSON error body, once per poll.
 */
export function ollamaProbe(target: OllamaTarget): Probe {
  return {
    id: target.id,
    intervalMs: target.intervalMs,
    timeoutMs: target.timeoutMs,
    run: (signal) => checkOnce(target.url, signal)
  }
}

async function checkOnce(baseUrl: string, signal: AbortSignal): Promise<ProbeResult> {
  const started = performance.now()
  const [versionGet, processGet] = await Promise.all([getJson(apiUrl(baseUrl, 'version'), signal), getJson(apiUrl(baseUrl, 'ps'), signal)])
  const latencyMs = performance.now() - started
  const version = parseJsonReply(versionGet, versionReply, notOllama)
  if (!version.ok) return { status: 'down', reason: version.reason }
  const processes = parseJsonReply(processGet, processReply, notOllama)
  if (!processes.ok) return { status: 'down', reason: processes.reason }
  const loaded = processes.value.models
  return {
    status: 'up',
    latencyMs,
    samples: { latency: latencyMs, vram: loaded.reduce((sum, model) => sum + model.size_vram, 0) },
    facts: [
      { label: 'version', value: version.value.version },
      { label: 'loaded models', value: loaded.length ? loaded.map(describeLoaded).join(', ') : 'none' }
    ]
  }
}

function apiUrl(baseUrl: string, route: string): string {
  return `${baseUrl.replace(/\/+$/, '')}/api/${route}`
}

/** "llama3.2:1b (1.3 GB, 100% GPU)": the share on the GPU is what makes a model fast or slow. */
function describeLoaded(model: LoadedModel): string {
  if (model.size === 0) return `${model.name} (${humanBytes(model.size)})`
  const gpuPercent = Math.round(Math.min(1, model.size_vram / model.size) * 100)
  return `${model.name} (${humanBytes(model.size)}, ${gpuPercent}% GPU)`
}

/** Decimal units with Ollama's own rounding, so the numbers match what `ollama ps` prints. */
function humanBytes(bytes: number): string {
  const units: readonly (readonly [string, number])[] = [
    ['TB', 1e12],
    ['GB', 1e9],
    ['MB', 1e6],
    ['KB', 1e3]
  ]
  for (const [unit, scale] of units) {
    if (bytes < scale) continue
    const value = bytes / scale
    return value >= 10 || Number.isInteger(value) ? `${Math.trunc(value)} ${unit}` : `${value.toFixed(1)} ${unit}`
  }
  return `${Math.trunc(bytes)} B`
}
