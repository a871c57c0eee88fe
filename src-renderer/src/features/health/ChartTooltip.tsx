import type { MetricUnit } from '../../../../src-shared/metrics'
import { bandColumn, valueColumn, type ChartRow } from './chart-data'
import { lineColor } from './chart-colors'
import type { ChartLine } from './chart-specs'
import { formatMoment, formatValue } from './format'

interface ChartTooltipProps {
  readonly active: boolean
  /** The hovered row, as recharts hands it over (untyped). */
  readonly row: unknown
  readonly lines: readonly ChartLine[]
  readonly unit: MetricUnit
}

function isRow(value: unknown): value is ChartRow {
  return typeof value === 'object' && value !== null && typeof (value as { t?: unknown }).t === 'number'
}

/** The hovered moment: its time, each line's value in its unit, and the band's range where there is one. */
export function ChartTooltip({ active, row, lines, unit }: ChartTooltipProps) {
  if (!active || !isRow(row)) return null
  return (
    <div className="chart-tooltip">
      <div className="chart-tooltip-time">{formatMoment(row.t)}</div>
      {lines.map((line, index) => {
        const value = row[valueColumn(index)]
        const band = row[bandColumn(index)]
        return (
          <div key={line.key} className="chart-tooltip-line">
            <span className="chart-swatch" style={{ background: lineColor(index) }} aria-hidden="true" />
            <span>{line.label}</span>
            <strong>{typeof value === 'number' ? formatValue(value, unit) : 'no data'}</strong>
            {Array.isArray(band) && (
              <span className="muted">
                (range {formatValue(band[0], unit)} – {formatValue(band[1], unit)})
              </span>
            )}
          </div>
        )
      })}
    </div>
  )
}
