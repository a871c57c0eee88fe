import { describe, expect, it } from 'vitest'
import {
  formatAxisTime,
  formatBytes,
  formatCelsius,
  formatMetric,
  formatMoment,
  formatMs,
  formatPercent,
  formatRate,
  formatRelative,
  formatTick,
  formatUptime
} from './format'

describe('formatBytes', () => {
  it('uses binary units with one decimal below 10 and none above', () => {
    expect(formatBytes(0)).toBe('0 B')
    expect(formatBytes(512)).toBe('512 B')
    expect(formatBytes(1536)).toBe('1.5 KiB')
    expect(formatBytes(1024)).toBe('1 KiB')
    expect(formatBytes(12 * 1024 ** 2 + 300 * 1024)).toBe('12 MiB')
    expect(formatBytes(3.8 * 1024 ** 3)).toBe('3.8 GiB')
    expect(formatBytes(2 * 1024 ** 4)).toBe('2 TiB')
  })

  it('moves to the next unit rather than printing 1024 of the last one', () => {
    expect(formatBytes(1023.7)).toBe('1 KiB')
    expect(formatBytes(1024 * 1024 - 10)).toBe('1 MiB')
  })

  it('says nothing it does not know', () => {
    expect(formatBytes(Number.NaN)).toBe('—')
    expect(formatRate(Number.POSITIVE_INFINITY)).toBe('—')
  })

  it('adds "/s" for rates', () => {
    expect(formatRate(2.5 * 1024 * 1024)).toBe('2.5 MiB/s')
    expect(formatRate(800)).toBe('800 B/s')
  })
})

describe('formatPercent, formatCelsius, formatMs', () => {
  it('keeps a decimal only where it tells something', () => {
    expect(formatPercent(4.23)).toBe('4.2%')
    expect(formatPercent(42.7)).toBe('43%')
    expect(formatPercent(0)).toBe('0%')
    expect(formatPercent(100)).toBe('100%')
    expect(formatCelsius(52.34)).toBe('52.3 °C')
    expect(formatCelsius(48)).toBe('48 °C')
    expect(formatMs(0.42)).toBe('0.4 ms')
    expect(formatMs(12.6)).toBe('13 ms')
    expect(formatMs(1530)).toBe('1.5 s')
  })

  it('formats a sample by its metric key', () => {
    expect(formatMetric('cpu', 12.5)).toBe('13%')
    expect(formatMetric('disk:/var', 7.25)).toBe('7.3%')
    expect(formatMetric('net.rx', 2048)).toBe('2 KiB/s')
    expect(formatMetric('mem.used', 1024 ** 3)).toBe('1 GiB')
    expect(formatMetric('gpu0.temp', 71)).toBe('71 °C')
    expect(formatMetric('latency', 3.14)).toBe('3.1 ms')
    expect(formatMetric('load1', 0.5)).toBe('0.50')
    expect(formatMetric('players', 3)).toBe('3')
  })
})

describe('formatUptime', () => {
  it('rounds down, so a single outage never reads 100%', () => {
    expect(formatUptime(1)).toBe('100%')
    expect(formatUptime(0.99999)).toBe('99.99%')
    expect(formatUptime(0.9949)).toBe('99.49%')
    expect(formatUptime(0.876)).toBe('87.6%')
    expect(formatUptime(0)).toBe('0.0%')
  })

  it('shows a dash while nothing is known', () => {
    expect(formatUptime(null)).toBe('—')
  })
})

describe('formatRelative', () => {
  const now = 1_700_000_000_000
  it('counts back in the largest whole unit', () => {
    expect(formatRelative(now - 3_000, now)).toBe('just now')
    expect(formatRelative(now - 42_000, now)).toBe('42 s ago')
    expect(formatRelative(now - 5 * 60_000 - 59_000, now)).toBe('5 min ago')
    expect(formatRelative(now - 3 * 3_600_000, now)).toBe('3 h ago')
    expect(formatRelative(now - 50 * 3_600_000, now)).toBe('2 d ago')
  })

  it('treats a time slightly ahead of this clock (another machine) as now', () => {
    expect(formatRelative(now + 4_000, now)).toBe('just now')
  })
})

describe('formatTick and formatMoment', () => {
  it('print the local clock, with the weekday when asked', () => {
    const monday = new Date(2024, 0, 15, 9, 5, 7).getTime()
    expect(formatTick(monday, false)).toBe('09:05')
    expect(formatTick(monday, true)).toBe('Mon 09:05')
    expect(formatMoment(monday)).toBe('Mon 09:05:07')
  })

  it('label a midnight on an axis of days by its weekday alone', () => {
    expect(formatAxisTime(new Date(2024, 0, 16, 0, 0).getTime(), true)).toBe('Tue')
    expect(formatAxisTime(new Date(2024, 0, 16, 12, 0).getTime(), true)).toBe('Tue 12:00')
    expect(formatAxisTime(new Date(2024, 0, 16, 0, 0).getTime(), false)).toBe('00:00')
  })
})
