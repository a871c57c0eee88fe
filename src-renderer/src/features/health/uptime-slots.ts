import type { UptimeReply } from '../../../../src-shared/health'
import { formatTick } from './format'

export interface UptimeCell {
  readonly status: UptimeReply['slots'][number]
  readonly from: number
  readonly to: number
  /** "14:00–14:15: down", for the cell's tooltip. */
  readonly title: string
}

/** The reply's slots (oldest first) as cells ending at `to`, each one equal share of the range. */
export function uptimeCells(slots: UptimeReply['slots'], to: number, rangeMs: number, withDay: boolean): UptimeCell[] {
  if (slots.length === 0) return []
  const width = rangeMs / slots.length
  const from = to - rangeMs
  return slots.map((status, index) => {
    const start = from + index * width
    const end = start + width
    return { status, from: start, to: end, title: `${formatTick(start, withDay)}–${formatTick(end, withDay)}: ${status}` }
  })
}
