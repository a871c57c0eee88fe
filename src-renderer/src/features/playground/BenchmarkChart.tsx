import { useId } from 'react'
import { Bar, BarChart, CartesianGrid, Tooltip, XAxis, YAxis } from 'recharts'
import type { BenchmarkRow } from './benchmark'
import { lineColor } from '../health/chart-colors'
import { formatTokensPerSecond } from './figures'

const axisTick = { fill: 'var(--muted)', fontSize: 11 }

interface BarLabel {
  readonly model: string
  readonly endpointName: string
}

/**
 * Model over machine, as two plain lines: recharts' own tick text measures every word to wrap
 * it, which made the chart's first frame the slowest of the tab (bench/playground).
 */
function ModelTick({ x, y, payload, labels }: { x?: number; y?: number; payload?: { index: number }; labels: readonly BarLabel[] }) {
  const label = payload ? labels[payload.index] : undefined
  if (!label) return null
  return (
    <text x={x} y={y} textAnchor="end" fill="var(--muted)" fontSize={11}>
      <tspan x={x} dy={-2}>
        {label.model}
      </tspan>
      <tspan x={x} dy={13}>
        {label.endpointName}
      </tspan>
    </text>
  )
}

/** Mean tokens/s per model@machine as bars; the table beside it holds the same figures for screen readers. */
export function BenchmarkChart({ rows }: { readonly rows: readonly BenchmarkRow[] }) {
  const titleId = useId()
  const charted = rows.filter((row) => row.meanTokensPerSecond !== null)
  const data = charted.map((row) => ({ label: row.label, tokensPerSecond: row.meanTokensPerSecond }))
  return (
    <figure className="benchmark-chart" aria-labelledby={titleId}>
      <figcaption id={titleId}>Mean tokens/s per model@machine</figcaption>
      {data.length === 0 ? (
        <p className="muted">No run completed, so there is nothing to chart.</p>
      ) : (
        <BarChart
          responsive
          style={{ width: '100%', height: Math.max(140, data.length * 48 + 40) }}
          data={data}
          layout="vertical"
          margin={{ top: 4, right: 24, bottom: 4, left: 8 }}
        >
            <CartesianGrid stroke="var(--border)" strokeDasharray="3 3" horizontal={false} />
            <XAxis type="number" tick={axisTick} stroke="var(--border)" tickFormatter={(value: number) => String(Math.round(value))} />
            <YAxis type="category" dataKey="label" width={200} tick={<ModelTick labels={charted} />} stroke="var(--border)" />
            <Tooltip
              isAnimationActive={false}
              cursor={{ fill: 'var(--panel-2)' }}
              contentStyle={{ background: 'var(--panel)', border: '1px solid var(--border)', borderRadius: 8 }}
              formatter={(value) => [typeof value === 'number' ? formatTokensPerSecond(value) : String(value), 'mean']}
            />
            <Bar dataKey="tokensPerSecond" fill={lineColor(0)} isAnimationActive={false} radius={[0, 4, 4, 0]} />
        </BarChart>
      )}
    </figure>
  )
}
