import { useId, useMemo } from 'react'
import { Area, CartesianGrid, ComposedChart, Line, ResponsiveContainer, Tooltip, XAxis, YAxis, type DotItemDotProps } from 'recharts'
import type { SeriesReply } from '../../../../src-shared/health'
import { ChartTooltip } from './ChartTooltip'
import { bandColumn, toChartRows, valueColumn, type ChartRow } from './chart-data'
import { lineColor } from './chart-colors'
import type { ChartSpec } from './chart-specs'
import { formatAxisTime, formatValue } from './format'
import { timeTicks } from './time-ticks'

interface MetricChartProps {
  readonly spec: ChartSpec
  readonly reply: SeriesReply
  /** The axis names the weekday (a range of days). */
  readonly withDay: boolean
  /** The reply is for another range and the new one is on its way. */
  readonly stale: boolean
}

const axisTick = { fill: 'var(--muted)', fontSize: 11 }

/** The last value a column had, for the legend. */
function latest(rows: readonly ChartRow[], column: string): number | null {
  for (let index = rows.length - 1; index >= 0; index--) {
    const value = rows[index]![column]
    if (typeof value === 'number') return value
  }
  return null
}

/** A point with no neighbour on either side draws no line: it gets a dot, or it would not show at all. */
function IsolatedDot({ cx, cy, index, points, stroke }: DotItemDotProps) {
  const alone = points[index - 1]?.value == null && points[index + 1]?.value == null && points[index]?.value != null
  if (!alone || typeof cx !== 'number' || typeof cy !== 'number') return null
  return <circle cx={cx} cy={cy} r={2.5} fill={stroke} />
}

/**
 * One chart of a node's metric(s) over a range: an average line per key, its min/max band behind
 * it where the reply has one, breaks where the data stops. Data changes never re-mount it.
 */
export function MetricChart({ spec, reply, withDay, stale }: MetricChartProps) {
  const titleId = useId()
  const rows = useMemo(() => toChartRows(reply.series, spec.lines.map((line) => line.key)), [reply, spec])
  const ticks = useMemo(() => timeTicks(reply.from, reply.to), [reply.from, reply.to])
  const banded = spec.lines.map((line) => reply.series[line.key]?.min !== undefined && reply.series[line.key]?.max !== undefined)
  const empty = !rows.some((row) => spec.lines.some((_, index) => typeof row[valueColumn(index)] === 'number'))
  const yDomain: [number, number | 'auto'] | ['auto', 'auto'] = spec.fixedMax !== undefined ? [0, spec.fixedMax] : spec.unit === 'celsius' ? ['auto', 'auto'] : [0, 'auto']

  return (
    <figure className={`metric-chart${stale ? ' is-stale' : ''}`} aria-labelledby={titleId} aria-busy={stale}>
      <figcaption>
        <h3 id={titleId}>{spec.title}</h3>
        <ul className="chart-legend">
          {spec.lines.map((line, index) => {
            const value = latest(rows, valueColumn(index))
            return (
              <li key={line.key}>
                <span className="chart-swatch" style={{ background: lineColor(index) }} aria-hidden="true" />
                {line.label} <strong>{value === null ? '—' : formatValue(value, spec.unit)}</strong>
              </li>
            )
          })}
        </ul>
      </figcaption>
      <div className="metric-chart-plot">
        <ResponsiveContainer width="100%" height={170}>
          <ComposedChart data={rows} margin={{ top: 6, right: 12, bottom: 0, left: 0 }}>
            <CartesianGrid stroke="var(--border)" strokeDasharray="3 3" vertical={false} />
            <XAxis
              dataKey="t"
              type="number"
              scale="time"
              domain={[reply.from, reply.to]}
              allowDataOverflow
              ticks={ticks}
              interval="equidistantPreserveStart"
              tickFormatter={(t: number) => formatAxisTime(t, withDay)}
              tick={axisTick}
              stroke="var(--border)"
              minTickGap={48}
            />
            <YAxis
              domain={yDomain}
              allowDataOverflow={spec.fixedMax !== undefined}
              tickFormatter={(value: number) => formatValue(value, spec.unit)}
              tick={axisTick}
              stroke="var(--border)"
              width={72}
            />
            <Tooltip
              isAnimationActive={false}
              cursor={{ stroke: 'var(--muted)', strokeDasharray: '3 3' }}
              content={(props) => <ChartTooltip active={props.active} row={props.payload[0]?.payload} lines={spec.lines} unit={spec.unit} />}
            />
            {spec.lines.map((line, index) =>
              banded[index] ? (
                <Area
                  key={`band-${line.key}`}
                  dataKey={bandColumn(index)}
                  stroke="none"
                  fill={lineColor(index)}
                  fillOpacity={0.16}
                  connectNulls={false}
                  isAnimationActive={false}
                  activeDot={false}
                  tooltipType="none"
                />
              ) : null
            )}
            {spec.lines.map((line, index) => (
              <Line
                key={line.key}
                dataKey={valueColumn(index)}
                name={line.label}
                stroke={lineColor(index)}
                strokeWidth={1.6}
                dot={IsolatedDot}
                activeDot={{ r: 3 }}
                connectNulls={false}
                isAnimationActive={false}
              />
            ))}
          </ComposedChart>
        </ResponsiveContainer>
        {empty && <p className="chart-empty">No data in this range</p>}
      </div>
    </figure>
  )
}
