import type { Samples } from '../../../../src-shared/metrics'
import { queryRange, type InstantSample, type Labels } from './prometheus-client'

/**
 * How a node's host metrics are asked of a Prometheus server that scrapes its node_exporter.
 * Every query is tagged with our metric key (a `console_key` label) and all are joined with `or`,
 * so one request brings the whole node: one round trip per poll, however many keys.
 */

/** Where `metrics: prometheus:<url>` points: an exporter to scrape or a server to query. */
export type PrometheusSource =
  | { readonly kind: 'exporter'; readonly url: string }
  | {
      readonly kind: 'server'
      readonly baseUrl: string
      /** A PromQL label matcher, e.g. `instance=~"10\\.0\\.0\\.5(:[0-9]+)?"`. */
      readonly instance: string
      /** What the node is called in Prometheus, for messages. */
      readonly instanceName: string
    }

export interface NodeQuery {
  /** Our metric key; with `byLabel`, the prefix of one key per value of that label. */
  readonly key: string
  readonly byLabel?: string
  readonly promql: string
}

export type NodeHistory = Record<string, [number, number][]>

/** The label that carries our metric key through the combined query. */
const keyLabel = 'console_key'
/** Charts draw at most this many points a series. */
export const maxHistoryPoints = 400
// Two scrapes at Prometheus' default interval of 1 min: a shorter window would hold one, and no rate.
const defaultRateWindowSeconds = 120
const minimumStepSeconds = 0.001
const chartedFilesystems = 'fstype!~"tmpfs|overlay|squashfs"'

/**
 * A URL whose path ends in /metrics is a node_exporter; anything else is a Prometheus server,
 * asked for the series whose instance is `host` with any port, or exactly `?instance=<value>`.
 */
export function prometheusSource(url: string, host: string): PrometheusSource {
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    throw new Error(`the metrics URL "${url}" is not a URL`)
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw new Error(`the metrics URL "${url}" is not http or https`)
  if (/\/metrics\/?$/.test(parsed.pathname)) return { kind: 'exporter', url }
  const explicit = parsed.searchParams.get('instance')
  parsed.search = ''
  parsed.hash = ''
  const baseUrl = parsed.toString().replace(/\/+$/, '')
  if (explicit !== null && explicit !== '') {
    return { kind: 'server', baseUrl, instance: `instance="${promqlString(explicit)}"`, instanceName: explicit }
  }
  return { kind: 'server', baseUrl, instance: instanceMatcher(host), instanceName: host }
}

/** Matches the host with or without a port, as Prometheus names a target "host:port". */
export function instanceMatcher(host: string): string {
  const bare = host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host
  // An IPv6 target is "[::1]:9100".
  const pattern = bare.includes(':') ? `\\[${regexEscape(bare)}\\]` : regexEscape(bare)
  return `instance=~"${promqlString(pattern)}(:[0-9]+)?"`
}

/** The PromQL of each host metric key for the series that `instance` selects. */
export function nodeQueries(instance: string, rateWindowSeconds = defaultRateWindowSeconds): readonly NodeQuery[] {
  const on = (selector: string) => `{${selector}${selector ? ',' : ''}${instance}}`
  const window = `[${rateWindowSeconds}s]`
  const gauge = (metric: string) => `max(${metric}${on('')})`
  const memTotal = gauge('node_memory_MemTotal_bytes')
  const memUsed = `(${memTotal} - ${gauge('node_memory_MemAvailable_bytes')})`
  const swapTotal = gauge('node_memory_SwapTotal_bytes')
  const swapUsed = `(${swapTotal} - ${gauge('node_memory_SwapFree_bytes')})`
  const diskSize = `max by (mountpoint) (node_filesystem_size_bytes${on(chartedFilesystems)})`
  // As df counts it: used is size − free, and the share is of what users can have (used + avail),
  // so blocks reserved for root do not make a disk look fuller or emptier than df says.
  const diskUsed = `(${diskSize} - max by (mountpoint) (node_filesystem_free_bytes${on(chartedFilesystems)}))`
  const diskAvail = `max by (mountpoint) (node_filesystem_avail_bytes${on(chartedFilesystems)})`
  const bytesRate = (metric: string) => `sum(rate(${metric}${on('device!="lo"')}${window}))`
  return [
    // Idle and iowait count as idle, as the SSH and scrape sources count them.
    {
      key: 'cpu',
      promql: `100 * (1 - sum(rate(node_cpu_seconds_total${on('mode=~"idle|iowait"')}${window})) / sum(rate(node_cpu_seconds_total${on('')}${window})))`
    },
    { key: 'load1', promql: gauge('node_load1') },
    { key: 'load5', promql: gauge('node_load5') },
    { key: 'load15', promql: gauge('node_load15') },
    { key: 'mem', promql: `100 * ${memUsed} / ${memTotal}` },
    { key: 'mem.used', promql: memUsed },
    { key: 'mem.total', promql: memTotal },
    // "> 0": a node without swap has no swap %, rather than 0 / 0.
    { key: 'swap', promql: `100 * ${swapUsed} / (${swapTotal} > 0)` },
    { key: 'swap.used', promql: swapUsed },
    { key: 'swap.total', promql: swapTotal },
    { key: 'disk:', byLabel: 'mountpoint', promql: `100 * ${diskUsed} / ((${diskUsed} + ${diskAvail}) > 0)` },
    { key: 'disk.used:', byLabel: 'mountpoint', promql: diskUsed },
    { key: 'disk.size:', byLabel: 'mountpoint', promql: diskSize },
    { key: 'net.rx', promql: bytesRate('node_network_receive_bytes_total') },
    { key: 'net.tx', promql: bytesRate('node_network_transmit_bytes_total') },
    { key: 'temp', promql: `max({__name__=~"node_hwmon_temp_celsius|node_thermal_zone_temp",${instance}})` }
  ]
}

/** Every query of `nodeQueries` in one, each series labelled with its key; with `up` when asked. */
export function combinedNodeQuery(instance: string, options: { withUp: boolean; rateWindowSeconds?: number }): string {
  const parts = nodeQueries(instance, options.rateWindowSeconds).map(({ key, byLabel, promql }) =>
    byLabel === undefined
      ? `label_replace(${promql}, "${keyLabel}", "${key}", "", "")`
      : `label_replace(${promql}, "${keyLabel}", "${key}$1", "${byLabel}", "(.+)")`
  )
  if (options.withUp) parts.push(`label_replace(up{${instance}}, "${keyLabel}", "up", "", "")`)
  return parts.join(' or ')
}

/** The metric key a series of the combined query answers, or undefined for a foreign series. */
function keyOf(metric: Labels): string | undefined {
  return metric[keyLabel]
}

/** The combined instant query's answer as samples, plus the `up` values of the matched targets. */
export function samplesFromVector(vector: readonly InstantSample[]): { samples: Samples; up: readonly { instance: string; value: number }[] } {
  const samples: Record<string, number> = {}
  const up: { instance: string; value: number }[] = []
  for (const { metric, value } of vector) {
    const key = keyOf(metric)
    if (key === 'up') up.push({ instance: metric.instance ?? '', value })
    else if (key !== undefined && Number.isFinite(value)) samples[key] = value
  }
  return { samples, up }
}

/** The step that keeps a range at `maxHistoryPoints` points or fewer, never finer than asked. */
export function historyStepSeconds(startMs: number, endMs: number, stepSeconds: number): number {
  const span = Math.max(0, endMs - startMs) / 1000
  // Whole milliseconds, as Prometheus truncates the step to them (which would add points); never zero, which it refuses.
  return Math.ceil(Math.max(stepSeconds, span / (maxHistoryPoints - 1), minimumStepSeconds) * 1000) / 1000
}

/**
 * A node's charts from query_range, per metric key. Rates look back at least one step, so a
 * week drawn at 25-minute steps still counts every byte rather than the last minute of each step.
 */
export async function nodeHistoryFromPrometheus(
  baseUrl: string,
  instanceSelector: string,
  options: { start: number; end: number; stepSeconds: number; signal: AbortSignal; timeoutMs?: number }
): Promise<NodeHistory> {
  const stepSeconds = historyStepSeconds(options.start, options.end, options.stepSeconds)
  const rateWindowSeconds = Math.max(defaultRateWindowSeconds, Math.ceil(stepSeconds))
  const series = await queryRange(baseUrl, combinedNodeQuery(instanceSelector, { withUp: false, rateWindowSeconds }), { ...options, stepSeconds })
  const history: NodeHistory = {}
  for (const { metric, points } of series) {
    const key = keyOf(metric)
    if (key === undefined) continue
    history[key] = points.filter(([, value]) => Number.isFinite(value)).map(([time, value]) => [time, value])
  }
  return history
}

function regexEscape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}

/** Inside a double-quoted PromQL string. */
function promqlString(text: string): string {
  return text.replace(/[\\"]/g, '\\$&').replace(/\n/g, '\\n')
}
