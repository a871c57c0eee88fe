import type { Samples } from '../../../../src-shared/metrics'
import { formatBytes, formatCelsius, formatPercent } from './format'

export interface KeyFigure {
  readonly label: string
  readonly value: string
}

/** The few numbers that tell how a node is doing, from its latest samples; absent ones are left out. */
export function keyFigures(samples: Samples): KeyFigure[] {
  const figures: KeyFigure[] = []
  const has = (key: string): number | undefined => (Number.isFinite(samples[key]) ? samples[key] : undefined)
  const cpu = has('cpu')
  if (cpu !== undefined) figures.push({ label: 'CPU', value: formatPercent(cpu) })
  const mem = has('mem')
  const used = has('mem.used')
  const total = has('mem.total')
  if (mem !== undefined) {
    const detail = used !== undefined && total !== undefined ? ` (${formatBytes(used)} of ${formatBytes(total)})` : ''
    figures.push({ label: 'Memory', value: `${formatPercent(mem)}${detail}` })
  }
  const temp = has('temp')
  if (temp !== undefined) figures.push({ label: 'Temperature', value: formatCelsius(temp) })
  const loads = ['load1', 'load5', 'load15'].map(has)
  if (loads.some((load) => load !== undefined)) {
    figures.push({ label: 'Load', value: loads.map((load) => (load === undefined ? '—' : load.toFixed(2))).join(' · ') })
  }
  return figures
}
