import { describe, expect, it } from 'vitest'
import { formatTick } from './format'
import { timeTicks } from './time-ticks'

const at = (hours: number, minutes: number, date = 15) => new Date(2024, 0, date, hours, minutes).getTime()
const clocks = (ticks: readonly number[], withDay = false) => ticks.map((tick) => formatTick(tick, withDay))

describe('timeTicks', () => {
  it('puts a quarter of an hour on round five minutes', () => {
    expect(clocks(timeTicks(at(9, 7), at(9, 22)))).toEqual(['09:10', '09:15', '09:20'])
  })

  it('puts an hour on round ten minutes', () => {
    expect(clocks(timeTicks(at(9, 7), at(10, 7)))).toEqual(['09:10', '09:20', '09:30', '09:40', '09:50', '10:00'])
  })

  it('puts a day on round six hours of the local clock', () => {
    expect(clocks(timeTicks(at(9, 7), at(9, 7, 16)))).toEqual(['12:00', '18:00', '00:00', '06:00'])
  })

  it('puts a week on local midnights, named by weekday', () => {
    expect(clocks(timeTicks(at(9, 7), at(9, 7, 22)), true)).toEqual(['Tue 00:00', 'Wed 00:00', 'Thu 00:00', 'Fri 00:00', 'Sat 00:00', 'Sun 00:00', 'Mon 00:00'])
  })

  it('gives nothing for an empty or reversed span', () => {
    expect(timeTicks(at(9, 0), at(9, 0))).toEqual([])
    expect(timeTicks(at(10, 0), at(9, 0))).toEqual([])
    expect(timeTicks(Number.NaN, at(9, 0))).toEqual([])
  })
})
