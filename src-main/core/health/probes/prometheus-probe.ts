import { performance } from 'node:perf_hooks'
import type { Fact } from '../../../../src-shared/metrics'
import type { Probe, ProbeResult } from '../probe'
import { parseExposition } from '../prometheus/exposition'
import { nodeExporterFamilies, nodeExporterSamples, readNodeExporter, type NodeExporterReading } from '../prometheus/node-exporter-reading'
import { combinedNodeQuery, prometheusSource, samplesFromVector, type PrometheusSource } from '../prometheus/node-queries'
import { getText, query, type InstantSample } from '../prometheus/prometheus-client'

export interface PrometheusTarget {
  readonly id: string
  /** From `metrics: prometheus:<url>`: a node_exporter's /metrics, or a Prometheus server. */
  readonly url: string
  /** The node's host, as Prometheus names the target (with any port). */
  readonly host: string
  readonly intervalMs: number
  readonly timeoutMs: number
}

/** The content types node_exporter offers; we read the classic text format. */
const exporterAccept = 'text/plain;version=0.0.4;q=1,*/*;q=0.1'

/** A node's host metrics from its node_exporter (scraped) or from the Prometheus server that scrapes it. */
export function prometheusProbe(target: PrometheusTarget): Probe {
  const base = { id: target.id, intervalMs: target.intervalMs, timeoutMs: target.timeoutMs }
  let source: PrometheusSource
  try {
    source = prometheusSource(target.url, target.host)
  } catch (error) {
    const reason = (error as Error).message
    return { ...base, run: () => Promise.resolve({ status: 'down', reason }) }
  }
  if (source.kind === 'exporter') {
    const exporterUrl = source.url
    // Rates need the scrape before; the scheduler never runs one probe twice at once.
    let previous: NodeExporterReading | undefined
    return {
      ...base,
      run: async (signal) => {
        const outcome = await scrapeOnce(exporterUrl, target.timeoutMs, signal, previous)
        if (outcome.reading !== undefined) previous = outcome.reading
        return outcome.result
      }
    }
  }
  const server = source
  return { ...base, run: (signal) => queryServer(server, target.timeoutMs, signal) }
}

const exporterFacts: readonly Fact[] = [{ label: 'source', value: 'node_exporter' }]

async function scrapeOnce(
  url: string,
  timeoutMs: number,
  signal: AbortSignal,
  previous: NodeExporterReading | undefined
): Promise<{ result: ProbeResult; reading?: NodeExporterReading }> {
  // On a reused connection the latency is the request's alone, without a connect, as Prometheus' scrape_duration_seconds is.
  const started = performance.now()
  let reply: { status: number; text: string }
  try {
    reply = await getText(url, { signal, timeoutMs, accept: exporterAccept })
  } catch (error) {
    return { result: { status: 'down', reason: messageOf(error) } }
  }
  const latencyMs = performance.now() - started
  if (reply.status < 200 || reply.status >= 300) return { result: { status: 'down', reason: `HTTP ${reply.status}`, latencyMs } }

  const exposition = parseExposition(reply.text, nodeExporterFamilies)
  if (exposition.sampleLines === 0) return { result: { status: 'down', reason: 'the reply is not Prometheus text', latencyMs } }
  if (exposition.samples.length === 0) {
    return { result: { status: 'degraded', reason: 'the exporter has no node_exporter metrics', latencyMs, facts: exporterFacts } }
  }
  const reading = readNodeExporter(exposition.samples, performance.now())
  return { result: { status: 'up', latencyMs, samples: nodeExporterSamples(reading, previous), facts: exporterFacts }, reading }
}

async function queryServer(server: Extract<PrometheusSource, { kind: 'server' }>, timeoutMs: number, signal: AbortSignal): Promise<ProbeResult> {
  const started = performance.now()
  const facts: Fact[] = [{ label: 'source', value: `Prometheus at ${server.baseUrl}` }]
  let vector: readonly InstantSample[]
  try {
    vector = await query(server.baseUrl, combinedNodeQuery(server.instance, { withUp: true }), { signal, timeoutMs })
  } catch (error) {
    return { status: 'down', reason: `Prometheus at ${server.baseUrl}: ${messageOf(error)}`, facts }
  }
  const latencyMs = performance.now() - started
  const { samples, up } = samplesFromVector(vector)
  const instances = up.map(({ instance }) => instance).filter((instance) => instance !== '')
  if (instances.length > 0) facts.push({ label: 'instance', value: instances.join(', ') })

  if (up.length === 0 && Object.keys(samples).length === 0) {
    return { status: 'down', reason: `Prometheus has no data for ${server.instanceName}`, latencyMs, facts }
  }
  if (up.length > 0 && up.every(({ value }) => value === 0)) {
    return { status: 'down', reason: 'Prometheus sees the node down', latencyMs, facts }
  }
  return { status: 'up', latencyMs, samples, facts }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}
