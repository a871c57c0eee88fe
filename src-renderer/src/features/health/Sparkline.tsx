import { useMemo } from 'react'
import { Area, AreaChart, ResponsiveContainer, XAxis, YAxis } from 'recharts'
import type { Point } from '../../../../src-shared/health'
import { toChartRows, valueColumn } from './chart-data'

const noPoints: readonly Point[] = []

/** A tiny line of the last minutes, no axes, no animation; the figure beside it carries the number. */
export function Sparkline({ points = noPoints, max }: { readonly points: readonly Point[] | undefined; readonly max?: number }) {
  const rows = useMemo(() => toChartRows({ value: { points: [...points] } }, ['value']), [points])
  return (
    <div className="sparkline" aria-hidden="true">
      {rows.length > 1 && (
        <ResponsiveContainer width="100%" height={28}>
          <AreaChart data={rows} margin={{ top: 2, right: 0, bottom: 2, left: 0 }}>
            <XAxis dataKey="t" type="number" domain={['dataMin', 'dataMax']} hide />
            <YAxis domain={max === undefined ? ['auto', 'auto'] : [0, max]} hide />
            <Area
              dataKey={valueColumn(0)}
              stroke="var(--chart-1)"
              strokeWidth={1.4}
              fill="var(--chart-1)"
              fillOpacity={0.14}
              connectNulls={false}
              dot={false}
              activeDot={false}
              isAnimationActive={false}
            />
          </AreaChart>
        </ResponsiveContainer>
      )}
    </div>
  )
}
