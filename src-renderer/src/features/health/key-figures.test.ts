import { describe, expect, it } from 'vitest'
import { keyFigures } from './key-figures'

describe('keyFigures', () => {
  it('gives CPU, memory with its bytes, temperature and the three loads', () => {
    const gib = 1024 ** 3
    expect(
      keyFigures({ cpu: 12.4, mem: 41, 'mem.used': 1.6 * gib, 'mem.total': 3.8 * gib, temp: 52.34, load1: 0.5, load5: 0.25, load15: 0.125 })
    ).toEqual([
      { label: 'CPU', value: '12%' },
      { label: 'Memory', value: '41% (1.6 GiB of 3.8 GiB)' },
      { label: 'Temperature', value: '52.3 °C' },
      { label: 'Load', value: '0.50 · 0.25 · 0.13' }
    ])
  })

  it('leaves out what the samples lack, and a figure that is not a number', () => {
    expect(keyFigures({ mem: 30, temp: Number.NaN })).toEqual([{ label: 'Memory', value: '30%' }])
    expect(keyFigures({})).toEqual([])
  })
})
