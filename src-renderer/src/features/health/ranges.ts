import type { ChartRange, UptimeRange } from '../../../../src-shared/health'

export const chartRanges: readonly ChartRange[] = ['15m', '1h', '24h', '7d']

const minute = 60_000
const lengths: Readonly<Record<ChartRange, number>> = { '15m': 15 * minute, '1h': 60 * minute, '24h': 1440 * minute, '7d': 7 * 1440 * minute }

export function rangeMs(range: ChartRange): number {
  return lengths[range]
}

export function rangeLabel(range: ChartRange): string {
  switch (range) {
    case '15m':
      return '15 min'
    case '1h':
      return '1 hour'
    case '24h':
      return '24 hours'
    case '7d':
      return '7 days'
  }
}

/** The short ranges come from live buffers and are worth following as they move. */
export function isLiveRange(range: ChartRange): range is '15m' | '1h' {
  return range === '15m' || range === '1h'
}

/** How often a page showing the range asks again: live buffers move by the poll, rollups by the minute. */
export function refreshMs(range: ChartRange): number {
  return isLiveRange(range) ? 5_000 : 60_000
}

/** An uptime bar over minutes says little: the short ranges show the last day instead. */
export function uptimeRange(range: ChartRange): UptimeRange {
  return isLiveRange(range) ? '24h' : range
}

/** Charts over several days carry the weekday on their axis. */
export function spansDays(range: ChartRange): boolean {
  return range === '7d'
}

/** The range after `range` moved by `step` (arrow keys), stopping at either end. */
export function stepRange(range: ChartRange, step: number): ChartRange {
  const index = chartRanges.indexOf(range)
  return chartRanges[Math.min(chartRanges.length - 1, Math.max(0, index + step))] ?? range
}
