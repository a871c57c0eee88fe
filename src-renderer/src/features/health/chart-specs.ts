import type { MetricUnit } from '../../../../src-shared/metrics'

/** What one chart of the node page draws: its lines, their unit, and the value axis. */
export interface ChartLine {
  readonly key: string
  readonly label: string
}

export interface ChartSpec {
  readonly id: string
  readonly title: string
  readonly unit: MetricUnit
  readonly lines: readonly ChartLine[]
  /** A fixed value axis (percentages); otherwise it follows the data from zero. */
  readonly fixedMax?: number
}

/** Keys the node page asks for even before a sample showed them, e.g. for a node that is down. */
const baseKeys = ['cpu', 'mem', 'net.rx', 'net.tx', 'temp'] as const

/** The contract takes at most this many keys per `health.series` request. */
export const maxKeysPerRequest = 32

function gpuIndexes(keys: readonly string[]): number[] {
  const indexes = new Set<number>()
  for (const key of keys) {
    const match = /^gpu(\d+)\./.exec(key)
    if (match) indexes.add(Number(match[1]))
  }
  return [...indexes].sort((a, b) => a - b)
}

/** Mount points from `disk:<mount>` keys, "/" first, then by name. */
export function diskMounts(keys: readonly string[]): string[] {
  const mounts = keys.filter((key) => key.startsWith('disk:')).map((key) => key.slice('disk:'.length))
  return [...new Set(mounts)].filter(Boolean).sort((a, b) => (a === '/' ? -1 : b === '/' ? 1 : a.localeCompare(b)))
}

/**
 * The charts for a node whose samples have shown these keys: CPU, memory, network and
 * temperature always; a disk chart with a line per mount, swap and GPUs when they exist.
 */
export function nodeChartSpecs(knownKeys: readonly string[]): ChartSpec[] {
  const known = new Set(knownKeys)
  const gpus = gpuIndexes(knownKeys)
  const specs: ChartSpec[] = [
    { id: 'cpu', title: 'CPU', unit: 'percent', fixedMax: 100, lines: [{ key: 'cpu', label: 'CPU busy' }] },
    {
      id: 'mem',
      title: 'Memory',
      unit: 'percent',
      fixedMax: 100,
      lines: [{ key: 'mem', label: 'Memory used' }, ...(known.has('swap') ? [{ key: 'swap', label: 'Swap used' }] : [])]
    }
  ]
  const mounts = diskMounts(knownKeys)
  if (mounts.length > 0) {
    specs.push({ id: 'disk', title: 'Disk', unit: 'percent', fixedMax: 100, lines: mounts.map((mount) => ({ key: `disk:${mount}`, label: mount })) })
  }
  specs.push({
    id: 'net',
    title: 'Network',
    unit: 'bytesPerSecond',
    lines: [
      { key: 'net.rx', label: 'Received' },
      { key: 'net.tx', label: 'Sent' }
    ]
  })
  specs.push({
    id: 'temp',
    title: 'Temperature',
    unit: 'celsius',
    lines: [{ key: 'temp', label: 'Hottest sensor' }, ...gpus.filter((i) => known.has(`gpu${i}.temp`)).map((i) => ({ key: `gpu${i}.temp`, label: `GPU ${i}` }))]
  })
  for (const i of gpus) {
    specs.push({
      id: `gpu${i}`,
      title: `GPU ${i}`,
      unit: 'percent',
      fixedMax: 100,
      lines: [
        { key: `gpu${i}.util`, label: 'Busy' },
        { key: `gpu${i}.mem`, label: 'Memory used' }
      ]
    })
  }
  return specs
}

/** Every key the charts draw, base keys first, each once. */
export function chartKeys(specs: readonly ChartSpec[]): string[] {
  return [...new Set([...baseKeys, ...specs.flatMap((spec) => spec.lines.map((line) => line.key))])]
}

/** Keys in groups the contract accepts in one request. */
export function chunkKeys(keys: readonly string[]): string[][] {
  const chunks: string[][] = []
  for (let index = 0; index < keys.length; index += maxKeysPerRequest) chunks.push(keys.slice(index, index + maxKeysPerRequest))
  return chunks
}
