import { describe, expect, it } from 'vitest'
import { chartKeys, chunkKeys, diskMounts, maxKeysPerRequest, nodeChartSpecs } from './chart-specs'
import { rangeMs, stepRange, uptimeRange } from './ranges'
import { uptimeCells } from './uptime-slots'

describe('nodeChartSpecs', () => {
  it('draws CPU, memory, network and temperature for a node with no samples yet', () => {
    const specs = nodeChartSpecs([])
    expect(specs.map((spec) => spec.id)).toEqual(['cpu', 'mem', 'net', 'temp'])
    expect(chartKeys(specs)).toEqual(['cpu', 'mem', 'net.rx', 'net.tx', 'temp'])
  })

  it('adds a disk chart with a line per mount, root first', () => {
    const specs = nodeChartSpecs(['cpu', 'disk:/var', 'disk:/', 'disk.used:/', 'disk:/boot/firmware'])
    const disk = specs.find((spec) => spec.id === 'disk')
    expect(disk?.lines).toEqual([
      { key: 'disk:/', label: '/' },
      { key: 'disk:/boot/firmware', label: '/boot/firmware' },
      { key: 'disk:/var', label: '/var' }
    ])
    expect(disk?.unit).toBe('percent')
  })

  it('adds swap to memory and a chart per GPU with its temperature beside the host one', () => {
    const specs = nodeChartSpecs(['mem', 'swap', 'gpu0.util', 'gpu0.temp', 'gpu0.mem', 'gpu1.util'])
    expect(specs.map((spec) => spec.id)).toEqual(['cpu', 'mem', 'net', 'temp', 'gpu0', 'gpu1'])
    expect(specs.find((spec) => spec.id === 'mem')?.lines.map((line) => line.key)).toEqual(['mem', 'swap'])
    expect(specs.find((spec) => spec.id === 'temp')?.lines.map((line) => line.key)).toEqual(['temp', 'gpu0.temp'])
    expect(chartKeys(specs)).toEqual(['cpu', 'mem', 'net.rx', 'net.tx', 'temp', 'swap', 'gpu0.temp', 'gpu0.util', 'gpu0.mem', 'gpu1.util', 'gpu1.mem'])
  })

  it('ignores a "disk:" key without a mount', () => {
    expect(diskMounts(['disk:', 'disk:/'])).toEqual(['/'])
  })
})

describe('chunkKeys', () => {
  it('splits keys into requests the contract accepts', () => {
    const keys = Array.from({ length: 70 }, (_, index) => `disk:/m${index}`)
    const chunks = chunkKeys(keys)
    expect(chunks.map((chunk) => chunk.length)).toEqual([maxKeysPerRequest, maxKeysPerRequest, 6])
    expect(chunks.flat()).toEqual(keys)
  })
})

describe('ranges', () => {
  it('show the last day on the uptime bar for the short ranges', () => {
    expect(uptimeRange('15m')).toBe('24h')
    expect(uptimeRange('1h')).toBe('24h')
    expect(uptimeRange('7d')).toBe('7d')
  })

  it('step with the arrow keys and stop at either end', () => {
    expect(stepRange('15m', 1)).toBe('1h')
    expect(stepRange('15m', -1)).toBe('15m')
    expect(stepRange('7d', 1)).toBe('7d')
    expect(stepRange('24h', -1)).toBe('1h')
  })
})

describe('uptimeCells', () => {
  it('gives each slot an equal share of the range, ending now, with a title', () => {
    const to = new Date(2024, 0, 15, 12, 0).getTime()
    const cells = uptimeCells(['up', 'down', 'unknown', 'asleep'], to, rangeMs('1h'), false)
    expect(cells.map((cell) => cell.title)).toEqual(['11:00–11:15: up', '11:15–11:30: down', '11:30–11:45: unknown', '11:45–12:00: asleep'])
    expect(cells[3]?.to).toBe(to)
  })

  it('is empty for an empty reply', () => {
    expect(uptimeCells([], 0, rangeMs('24h'), false)).toEqual([])
  })
})
