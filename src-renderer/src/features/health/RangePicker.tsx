import { useRef, type KeyboardEvent } from 'react'
import type { ChartRange } from '../../../../src-shared/health'
import { chartRanges, rangeLabel, stepRange } from './ranges'

/** 15 min / 1 h / 24 h / 7 d as a radio group: Tab reaches the chosen one, arrow keys move it. */
export function RangePicker({ value, onChange }: { readonly value: ChartRange; readonly onChange: (range: ChartRange) => void }) {
  const group = useRef<HTMLDivElement>(null)

  const choose = (range: ChartRange) => {
    onChange(range)
    group.current?.querySelector<HTMLButtonElement>(`[data-range="${range}"]`)?.focus()
  }

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const step = event.key === 'ArrowRight' || event.key === 'ArrowDown' ? 1 : event.key === 'ArrowLeft' || event.key === 'ArrowUp' ? -1 : 0
    if (step !== 0) choose(stepRange(value, step))
    else if (event.key === 'Home') choose(chartRanges[0]!)
    else if (event.key === 'End') choose(chartRanges[chartRanges.length - 1]!)
    else return
    event.preventDefault()
  }

  return (
    <div ref={group} className="range-picker" role="radiogroup" aria-label="Time range" onKeyDown={onKeyDown}>
      {chartRanges.map((range) => (
        <button
          key={range}
          type="button"
          role="radio"
          data-range={range}
          aria-checked={range === value}
          aria-label={rangeLabel(range)}
          tabIndex={range === value ? 0 : -1}
          onClick={() => choose(range)}
        >
          {range}
        </button>
      ))}
    </div>
  )
}
