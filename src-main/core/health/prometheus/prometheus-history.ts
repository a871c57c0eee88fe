import type { Series } from '../../../../src-shared/health'
import type { Node } from '../../../../src-shared/inventory'
import { nodeHistoryFromPrometheus, prometheusSource } from './node-queries'

export type HistoryQuery = (keys: readonly string[], fromMs: number, toMs: number) => Promise<Record<string, Series>>

const queryTimeoutMs = 10_000

/**
 * For a node whose `metrics` names a Prometheus server, its charts come from query_range: the
 * server already keeps the history, at the resolution the lab chose. Undefined for other nodes;
 * throws on a URL the server cannot be asked at.
 */
export function prometheusHistory(node: Node): HistoryQuery | undefined {
  if (!node.metrics.startsWith('prometheus:')) return undefined
  const source = prometheusSource(node.metrics.slice('prometheus:'.length), node.host)
  if (source.kind !== 'server') return undefined
  return async (keys, fromMs, toMs) => {
    const history = await nodeHistoryFromPrometheus(source.baseUrl, source.instance, {
      start: fromMs,
      end: toMs,
      stepSeconds: 15,
      signal: AbortSignal.timeout(queryTimeoutMs),
      timeoutMs: queryTimeoutMs
    })
    return Object.fromEntries(keys.filter((key) => history[key] !== undefined).map((key) => [key, { points: history[key]! }]))
  }
}
