import { metricUnit, type MetricUnit } from '../../../../src-shared/metrics'

/**
 * Numbers as the user reads them: binary units for bytes (what `free -h` and `df -h` print),
 * one decimal where it carries information, none where it would be noise.
 */

const byteUnits = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'] as const

/** One decimal below 10, none above, and never a trailing ".0". */
function short(value: number): string {
  const text = Math.abs(value) < 10 ? value.toFixed(1) : value.toFixed(0)
  return text.replace(/\.0$/, '')
}

export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes)) return '—'
  let value = bytes
  let unit = 0
  while (Math.abs(value) >= 1024 && unit < byteUnits.length - 1) {
    value /= 1024
    unit++
  }
  // 1023.96 KiB would round to "1024 KiB": show the next unit instead.
  if (Math.abs(value) >= 1023.5 && unit < byteUnits.length - 1) {
    value /= 1024
    unit++
  }
  return `${unit === 0 ? Math.round(value) : short(value)} ${byteUnits[unit]}`
}

export function formatRate(bytesPerSecond: number): string {
  return Number.isFinite(bytesPerSecond) ? `${formatBytes(bytesPerSecond)}/s` : '—'
}

export function formatPercent(percent: number): string {
  return Number.isFinite(percent) ? `${short(percent)}%` : '—'
}

export function formatCelsius(celsius: number): string {
  return Number.isFinite(celsius) ? `${celsius.toFixed(1).replace(/\.0$/, '')} °C` : '—'
}

export function formatMs(ms: number): string {
  if (!Number.isFinite(ms)) return '—'
  if (Math.abs(ms) >= 1000) return `${short(ms / 1000)} s`
  return `${short(ms)} ms`
}

function formatLoad(load: number): string {
  return Number.isFinite(load) ? load.toFixed(2) : '—'
}

function formatCount(count: number): string {
  return Number.isFinite(count) ? String(Math.round(count * 100) / 100) : '—'
}

export function formatValue(value: number, unit: MetricUnit): string {
  switch (unit) {
    case 'percent':
      return formatPercent(value)
    case 'bytes':
      return formatBytes(value)
    case 'bytesPerSecond':
      return formatRate(value)
    case 'celsius':
      return formatCelsius(value)
    case 'ms':
      return formatMs(value)
    case 'load':
      return formatLoad(value)
    case 'count':
      return formatCount(value)
  }
}

/** A sample under its metric key, in the key's unit. */
export function formatMetric(key: string, value: number): string {
  return formatValue(value, metricUnit(key))
}

/**
 * Share of time available. Rounded down, so anything short of every moment never reads 100%;
 * two decimals near the top, where "99.9" and "99.99" mean very different months.
 */
export function formatUptime(ratio: number | null): string {
  if (ratio === null || !Number.isFinite(ratio)) return '—'
  const percent = Math.min(Math.max(ratio, 0), 1) * 100
  if (percent >= 100) return '100%'
  const decimals = percent >= 99 ? 2 : 1
  const factor = 10 ** decimals
  return `${(Math.floor(percent * factor) / factor).toFixed(decimals)}%`
}

/** "just now", "42 s ago", "5 min ago", "3 h ago", "2 d ago". */
export function formatRelative(thenMs: number, nowMs: number): string {
  const seconds = Math.max(0, Math.floor((nowMs - thenMs) / 1000))
  if (seconds < 10) return 'just now'
  if (seconds < 60) return `${seconds} s ago`
  const minutes = Math.floor(seconds / 60)
  if (minutes < 60) return `${minutes} min ago`
  const hours = Math.floor(minutes / 60)
  if (hours < 24) return `${hours} h ago`
  return `${Math.floor(hours / 24)} d ago`
}

const weekdays = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'] as const
const pad = (n: number) => String(n).padStart(2, '0')

/** An axis tick: the clock, and the weekday too when the chart spans days. */
export function formatTick(ms: number, withDay: boolean): string {
  const date = new Date(ms)
  const clock = `${pad(date.getHours())}:${pad(date.getMinutes())}`
  return withDay ? `${weekdays[date.getDay()]} ${clock}` : clock
}

/** An axis label: a midnight of a range of days is just its weekday, which is what the reader scans for. */
export function formatAxisTime(ms: number, withDay: boolean): string {
  const date = new Date(ms)
  return withDay && date.getHours() === 0 && date.getMinutes() === 0 ? weekdays[date.getDay()]! : formatTick(ms, withDay)
}

/** A moment in a tooltip: weekday and clock to the second. */
export function formatMoment(ms: number): string {
  const date = new Date(ms)
  return `${weekdays[date.getDay()]} ${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`
}
