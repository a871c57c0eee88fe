import { describe, expect, it } from 'vitest'
import { useTempDatabase } from '../../../testing/temp-database'
import { HealthEventsStore } from './health-events-store'

const minute = 60_000
const day = 1440 * minute
const t0 = Date.UTC(2025, 0, 6, 12)

const { open } = useTempDatabase()

/**
 * pi over the hour from t0: down since before it (t0 − 1 h), up at 10 min, degraded at 40,
 * asleep at 50, down again at 55.
 */
function piHour(events: HealthEventsStore): void {
  events.recordTransition('pi', t0 - 60 * minute, 'down', 'refused')
  events.recordTransition('pi', t0 + 10 * minute, 'up')
  events.recordTransition('pi', t0 + 40 * minute, 'degraded', '1 of 3 services down')
  events.recordTransition('pi', t0 + 50 * minute, 'asleep')
  events.recordTransition('pi', t0 + 55 * minute, 'down', 'timeout')
}

describe('HealthEventsStore', () => {
  it('counts up and degraded as available, over the known time only, from the status before the window', () => {
    const events = new HealthEventsStore(open())
    piHour(events)
    // Known: 10 min down + 30 up + 10 degraded + 5 down = 55 min (asleep 5 min left out); available 40.
    expect(events.uptime('pi', t0, t0 + 60 * minute, t0 + 60 * minute)).toBeCloseTo(40 / 55, 12)
    // From 20 min: 20 up + 10 degraded + 5 down known, 30 available.
    expect(events.uptime('pi', t0 + 20 * minute, t0 + 60 * minute, t0 + 60 * minute)).toBeCloseTo(30 / 35, 12)
  })

  it('does not count the future: the window ends at now', () => {
    const events = new HealthEventsStore(open())
    piHour(events)
    expect(events.uptime('pi', t0, t0 + 24 * 60 * minute, t0 + 60 * minute)).toBeCloseTo(40 / 55, 12)
    expect(events.uptime('pi', t0, t0 + 30 * minute, t0 + 20 * minute)).toBeCloseTo(10 / 20, 12)
  })

  it('leaves time before the first transition out, and says null when nothing is known', () => {
    const events = new HealthEventsStore(open())
    events.recordTransition('nas', t0 + 30 * minute, 'up')
    expect(events.uptime('nas', t0, t0 + 60 * minute, t0 + 60 * minute)).toBe(1)
    expect(events.uptime('nas', t0, t0 + 30 * minute, t0 + 60 * minute)).toBeNull()
    expect(events.uptime('never-seen', t0, t0 + 60 * minute, t0 + 60 * minute)).toBeNull()
    events.recordTransition('gpu', t0, 'asleep')
    expect(events.uptime('gpu', t0, t0 + 60 * minute, t0 + 60 * minute)).toBeNull()
  })

  it('takes a transition at the very start of the window as the status of the window', () => {
    const events = new HealthEventsStore(open())
    events.recordTransition('pi', t0 - minute, 'down')
    events.recordTransition('pi', t0, 'up')
    expect(events.uptime('pi', t0, t0 + 10 * minute, t0 + 10 * minute)).toBe(1)
  })

  it('counts time the console was not watching as unknown once it marked everything unknown', () => {
    const events = new HealthEventsStore(open())
    events.recordTransition('pi', t0, 'up')
    events.recordTransition('nas', t0, 'down')
    events.recordTransition('gpu', t0, 'unknown')
    events.markAllUnknown(t0 + 30 * minute, 'the console stopped')
    events.recordTransition('pi', t0 + 50 * minute, 'down')
    // pi: 30 min up, 20 unknown, 10 down.
    expect(events.uptime('pi', t0, t0 + 60 * minute, t0 + 60 * minute)).toBeCloseTo(30 / 40, 12)
    expect(events.recent(10, 'gpu')).toHaveLength(1)
    expect(events.recent(10, 'nas')[0]).toMatchObject({ status: 'unknown', previous: 'down', reason: 'the console stopped' })
  })

  it('draws an uptime bar with the most severe status of each slot', () => {
    const events = new HealthEventsStore(open())
    piHour(events)
    expect(events.uptimeBar('pi', t0, t0 + 60 * minute, 6)).toEqual(['down', 'up', 'up', 'up', 'degraded', 'down'])
    // 20-minute slots from 20 min before t0: down then up then degraded/asleep/down.
    expect(events.uptimeBar('pi', t0 - 20 * minute, t0 + 40 * minute, 3)).toEqual(['down', 'down', 'up'])
    events.recordTransition('nas', t0 + 25 * minute, 'asleep')
    expect(events.uptimeBar('nas', t0, t0 + 60 * minute, 4)).toEqual(['unknown', 'asleep', 'asleep', 'asleep'])
  })

  it('gives no bar for no slots or an empty window', () => {
    const events = new HealthEventsStore(open())
    piHour(events)
    expect(events.uptimeBar('pi', t0, t0 + 60 * minute, 0)).toEqual([])
    expect(events.uptimeBar('pi', t0, t0, 10)).toEqual([])
  })

  it('lists the newest transitions first, each with the status it left', () => {
    const events = new HealthEventsStore(open())
    piHour(events)
    events.recordTransition('nas', t0 + 45 * minute, 'up')
    expect(events.recent(3)).toEqual([
      { target: 'pi', at: t0 + 55 * minute, status: 'down', previous: 'asleep', reason: 'timeout' },
      { target: 'pi', at: t0 + 50 * minute, status: 'asleep', previous: 'degraded', reason: null },
      { target: 'nas', at: t0 + 45 * minute, status: 'up', previous: null, reason: null }
    ])
    expect(events.recent(2, 'pi').map((event) => event.at)).toEqual([t0 + 55 * minute, t0 + 50 * minute])
    expect(events.recent(10, 'pi').at(-1)).toEqual({ target: 'pi', at: t0 - 60 * minute, status: 'down', previous: null, reason: 'refused' })
    expect(events.recent(0)).toEqual([])
  })

  it('lists a node with its services, and not a node whose id merely starts the same', () => {
    const events = new HealthEventsStore(open())
    events.recordTransition('pi', t0, 'up')
    events.recordTransition('pi/minecraft', t0 + minute, 'down', 'refused')
    events.recordTransition('pi-2', t0 + 2 * minute, 'up')
    events.recordTransition('pi-2/web', t0 + 3 * minute, 'up')
    expect(events.recentOfNode(10, 'pi').map((event) => event.target)).toEqual(['pi/minecraft', 'pi'])
    expect(events.recentOfNode(1, 'pi-2').map((event) => event.target)).toEqual(['pi-2/web'])
  })

  it('keeps transitions in the database file', () => {
    const before = open()
    piHour(new HealthEventsStore(before))
    before.close()
    expect(new HealthEventsStore(open()).uptime('pi', t0, t0 + 60 * minute, t0 + 60 * minute)).toBeCloseTo(40 / 55, 12)
  })

  it('prunes transitions older than 30 days but keeps the one that says how things stood', () => {
    const events = new HealthEventsStore(open())
    events.recordTransition('pi', t0, 'up')
    events.recordTransition('pi', t0 + day, 'down')
    events.recordTransition('nas', t0, 'degraded')
    events.recordTransition('pi', t0 + 31.5 * day, 'up')
    expect(events.recent(10, 'pi').map((event) => event.at)).toEqual([t0 + 31.5 * day, t0 + day])
    expect(events.recent(10, 'nas')).toHaveLength(1)
    // The day after the cutoff is still known: pi was down, nas degraded.
    expect(events.uptime('pi', t0 + 30 * day, t0 + 31 * day, t0 + 31 * day)).toBe(0)
    expect(events.uptime('nas', t0 + 30 * day, t0 + 31 * day, t0 + 31 * day)).toBe(1)
  })
})
