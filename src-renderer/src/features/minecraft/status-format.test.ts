import { describe, expect, it } from 'vitest'
import { formatTps, tpsLevel } from './status-format'

describe('tpsLevel', () => {
  it('calls 19 and above good, 15 and above a warning, anything lower bad', () => {
    expect([20, 19, 18.99, 15, 14.99, 0].map(tpsLevel)).toEqual(['good', 'good', 'warn', 'warn', 'bad', 'bad'])
  })

  it('shows one decimal', () => {
    expect([20, 19.456, 7].map(formatTps)).toEqual(['20.0', '19.5', '7.0'])
  })
})
