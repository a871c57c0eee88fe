import { useMemo } from 'react'
import type { ChartRange } from '../../../../src-shared/health'
import type { Node } from '../../../../src-shared/inventory'
import { MetricChart } from './MetricChart'
import { hasData } from './chart-data'
import { chartKeys, nodeChartSpecs } from './chart-specs'
import { useHealthStore } from './health-store'
import { refreshMs, spansDays } from './ranges'
import { fetchSeries } from './series-request'
import { useRemote } from './use-remote'

const noKeys: readonly string[] = []

/** A node's host metrics over the range, one chart per kind, live for the short ranges. */
export function NodeCharts({ node, range }: { readonly node: Node; readonly range: ChartRange }) {
  const knownKeys = useHealthStore((store) => store.knownKeys[node.id] ?? noKeys)
  const specs = useMemo(() => nodeChartSpecs(knownKeys), [knownKeys])
  const keys = useMemo(() => chartKeys(specs), [specs])
  const collected = !node.disabled && node.metrics !== 'none'
  const remote = useRemote(
    collected ? `${node.id}|${range}|${keys.join(',')}` : null,
    () => fetchSeries(node.id, keys, range),
    refreshMs(range)
  )
  const reply = remote.value

  if (node.disabled) return <p className="health-empty">Planned: this node is not polled, so it has no metrics.</p>
  if (node.metrics === 'none') {
    return (
      <p className="health-empty">
        Host metrics are not collected for this node (<code>metrics: none</code> in the inventory). Its services are
        still checked below.
      </p>
    )
  }

  const known = new Set(knownKeys)
  const visible = reply ? specs.filter((spec) => spec.lines.some((line) => known.has(line.key)) || hasData(reply.series, spec.lines.map((line) => line.key))) : []
  return (
    <section className="node-charts" aria-label="Host metrics">
      <div className="node-charts-meta">
        {reply?.source === 'prometheus' && <span className="source-chip">from Prometheus</span>}
        {(remote.error ?? reply?.error) && <p className="health-error">{remote.error ? `Could not load the metrics: ${remote.error}` : reply?.error}</p>}
      </div>
      {!reply && !remote.error && <p className="health-empty">Loading the metrics…</p>}
      {reply && visible.length === 0 && (
        <p className="health-empty">No metrics yet: the node has not answered a poll in this range.</p>
      )}
      <div className="chart-grid">
        {reply && visible.map((spec) => <MetricChart key={spec.id} spec={spec} reply={reply} withDay={spansDays(range)} stale={remote.stale} />)}
      </div>
    </section>
  )
}
