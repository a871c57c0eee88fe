import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { HealthTransition } from '../../../src-shared/health'
import { TransitionNotifier } from './notifier'

beforeEach(() => vi.useFakeTimers())
afterEach(() => vi.useRealTimers())

const change = (target: string, to: HealthTransition['to'], reason: string | null = null): HealthTransition => ({
  target,
  nodeId: target,
  serviceId: null,
  name: target.toUpperCase(),
  from: 'up',
  to,
  reason,
  at: 0
})

describe('the transition notifier', () => {
  it('tells one change on its own, with its reason', async () => {
    const shown: [string, string][] = []
    const notifier = new TransitionNotifier((title, body) => shown.push([title, body]))
    notifier.add(change('pi', 'down', 'refused'))
    await vi.advanceTimersByTimeAsync(1500)
    expect(shown).toEqual([['PI is down', 'refused']])
  })

  it('gathers changes that come together into one notification, latest per target', async () => {
    const shown: [string, string][] = []
    const notifier = new TransitionNotifier((title, body) => shown.push([title, body]))
    notifier.add(change('pi', 'down'))
    notifier.add(change('nas', 'down'))
    notifier.add(change('pi', 'up'))
    await vi.advanceTimersByTimeAsync(1500)
    expect(shown).toEqual([['1 of 2 changes are problems', 'PI: up\nNAS: down']])
  })

  it('drops what is pending when stopped', async () => {
    const shown: string[] = []
    const notifier = new TransitionNotifier((title) => shown.push(title))
    notifier.add(change('pi', 'down'))
    notifier.stop()
    await vi.advanceTimersByTimeAsync(5000)
    expect(shown).toEqual([])
  })
})
