import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { Probe, ProbeResult, ProbeRun } from './probe'
import { Scheduler } from './scheduler'

beforeEach(() => vi.useFakeTimers())
afterEach(() => vi.useRealTimers())

/** A probe whose runs the test finishes by hand, recording how many ran at once. */
function manualProbe(id: string, intervalMs = 10_000, timeoutMs = 5000) {
  const pending: ((result: ProbeResult) => void)[] = []
  const signals: AbortSignal[] = []
  let running = 0
  let maxRunning = 0
  const probe: Probe = {
    id,
    intervalMs,
    timeoutMs,
    run: (signal) =>
      new Promise((resolve) => {
        running++
        maxRunning = Math.max(maxRunning, running)
        signals.push(signal)
        pending.push((result) => {
          running--
          resolve(result)
        })
      })
  }
  return {
    probe,
    signals,
    get started() {
      return signals.length
    },
    get maxRunning() {
      return maxRunning
    },
    finish(result: ProbeResult = { status: 'up' }) {
      pending.shift()?.(result)
    }
  }
}

function scheduler(maxInFlight = 10) {
  const runs: ProbeRun[] = []
  const subject = new Scheduler({ maxInFlight, onRun: (run) => runs.push(run), now: () => Date.now(), random: () => 0.5 })
  return { subject, runs }
}

describe('the health scheduler', () => {
  it('spreads first runs over the interval, then runs each probe on its own interval', async () => {
    const { subject, runs } = scheduler()
    const fast = manualProbe('fast', 1000)
    const slow = manualProbe('slow', 4000)
    subject.set([fast.probe, slow.probe])
    await vi.advanceTimersByTimeAsync(499)
    expect(fast.started).toBe(0)
    await vi.advanceTimersByTimeAsync(1)
    expect(fast.started).toBe(1)
    fast.finish()
    await vi.advanceTimersByTimeAsync(1000)
    expect(fast.started).toBe(2)
    expect(slow.started).toBe(0)
    await vi.advanceTimersByTimeAsync(500)
    expect(slow.started).toBe(1)
    expect(runs.map((run) => run.probeId)).toEqual(['fast'])
  })

  it('never runs a probe twice at once: a run still busy when the next is due skips it', async () => {
    const { subject } = scheduler()
    const busy = manualProbe('busy', 1000, 60_000)
    subject.set([busy.probe])
    await vi.advanceTimersByTimeAsync(5000)
    expect(busy.started).toBe(1)
    expect(busy.maxRunning).toBe(1)
    busy.finish()
    await vi.advanceTimersByTimeAsync(1000)
    expect(busy.started).toBe(2)
  })

  it('gives up on a hanging probe at its timeout, reports it down and frees the slot', async () => {
    const { subject, runs } = scheduler(1)
    const hanging = manualProbe('hanging', 10_000, 2000)
    const other = manualProbe('other', 10_000)
    subject.set([hanging.probe, other.probe])
    await vi.advanceTimersByTimeAsync(5000)
    expect(subject.stats()).toMatchObject({ inFlight: 1, queued: 1 })
    await vi.advanceTimersByTimeAsync(2000)
    expect(hanging.signals[0]!.aborted).toBe(true)
    expect(runs[0]).toMatchObject({ probeId: 'hanging', result: { status: 'down', reason: 'no answer within 2 s' } })
    expect(other.started).toBe(1)
    // The hanging run answering late changes nothing.
    hanging.finish({ status: 'up' })
    expect(runs).toHaveLength(1)
  })

  it('keeps no more runs in flight than its bound, starting queued ones in order', async () => {
    const { subject } = scheduler(2)
    const probes = ['a', 'b', 'c', 'd'].map((id) => manualProbe(id))
    subject.set(probes.map((each) => each.probe))
    await vi.advanceTimersByTimeAsync(5000)
    expect(subject.stats()).toMatchObject({ inFlight: 2, queued: 2 })
    probes[0]!.finish()
    await vi.advanceTimersByTimeAsync(0)
    expect(probes.map((each) => each.started)).toEqual([1, 1, 1, 0])
  })

  it('leaves no timers and aborts runs of probes that were removed', async () => {
    const { subject, runs } = scheduler()
    const kept = manualProbe('kept')
    const removed = manualProbe('removed')
    subject.set([kept.probe, removed.probe])
    await vi.advanceTimersByTimeAsync(5000)
    subject.set([kept.probe])
    expect(removed.signals[0]!.aborted).toBe(true)
    expect(subject.stats()).toMatchObject({ probes: 1, inFlight: 1 })
    for (let reload = 0; reload < 100; reload++) subject.set([kept.probe, manualProbe(`new-${reload % 3}`).probe])
    subject.stop()
    expect(subject.stats()).toEqual({ probes: 0, timers: 0, inFlight: 0, queued: 0 })
    expect(vi.getTimerCount()).toBe(0)
    expect(runs).toEqual([])
  })

  it('keeps a probe’s place on its grid across reloads when nothing about it changed', async () => {
    const { subject } = scheduler()
    const probe = manualProbe('steady', 1000)
    subject.set([probe.probe])
    await vi.advanceTimersByTimeAsync(500)
    probe.finish()
    subject.set([{ ...probe.probe }])
    await vi.advanceTimersByTimeAsync(1000)
    expect(probe.started).toBe(2)
  })

  it('runs matching probes at once on request, then keeps their interval', async () => {
    const { subject } = scheduler()
    const node = manualProbe('pi', 10_000)
    const service = manualProbe('pi/minecraft', 10_000)
    const other = manualProbe('nas', 10_000)
    subject.set([node.probe, service.probe, other.probe])
    await vi.advanceTimersByTimeAsync(100)
    subject.runNow((id) => id === 'pi' || id.startsWith('pi/'))
    await vi.advanceTimersByTimeAsync(0)
    expect([node.started, service.started, other.started]).toEqual([1, 1, 0])
    subject.runNow((id) => id === 'pi')
    expect(node.started).toBe(1)
    node.finish()
    service.finish()
    await vi.advanceTimersByTimeAsync(9999)
    expect(node.started).toBe(1)
    await vi.advanceTimersByTimeAsync(1)
    expect(node.started).toBe(2)
    subject.stop()
  })

  it('keeps polling when recording a run throws, and says so', async () => {
    const errors: string[] = []
    const subject = new Scheduler({
      maxInFlight: 1,
      onRun: () => {
        throw new Error('disk full')
      },
      onRunError: (error, run) => errors.push(`${run.probeId}: ${(error as Error).message}`),
      now: () => Date.now(),
      random: () => 0
    })
    const first = manualProbe('first', 1000)
    const second = manualProbe('second', 1000)
    subject.set([first.probe, second.probe])
    await vi.advanceTimersByTimeAsync(0)
    first.finish()
    await vi.advanceTimersByTimeAsync(0)
    expect(errors).toEqual(['first: disk full'])
    expect(second.started).toBe(1)
    second.finish()
    await vi.advanceTimersByTimeAsync(1000)
    expect(first.started).toBe(2)
    subject.stop()
  })

  it('treats a probe that throws at once like one that fails', async () => {
    const { subject, runs } = scheduler()
    const broken: Probe = {
      id: 'broken',
      intervalMs: 1000,
      timeoutMs: 500,
      run: () => {
        throw new Error('bad URL')
      }
    }
    subject.set([broken])
    await vi.advanceTimersByTimeAsync(500)
    expect(runs.map((run) => run.result)).toEqual([{ status: 'down', reason: 'bad URL' }])
    expect(subject.stats()).toMatchObject({ inFlight: 0, timers: 1 })
    subject.stop()
  })

  it('starts none of the waiting probes while it stops or replaces the schedule', async () => {
    const { subject } = scheduler(1)
    const running = manualProbe('running', 1000)
    const waiting = manualProbe('waiting', 1000)
    subject.set([running.probe, waiting.probe])
    await vi.advanceTimersByTimeAsync(500)
    expect([running.started, waiting.started]).toEqual([1, 0])
    expect(subject.stats().queued).toBe(1)
    subject.set([])
    expect(waiting.started).toBe(0)
    expect(subject.stats()).toEqual({ probes: 0, timers: 0, inFlight: 0, queued: 0 })

    subject.set([running.probe, waiting.probe])
    await vi.advanceTimersByTimeAsync(500)
    subject.stop()
    expect(waiting.started).toBe(0)
    expect(subject.stats()).toEqual({ probes: 0, timers: 0, inFlight: 0, queued: 0 })
  })

  it('skips the turns missed while the machine slept in one step', async () => {
    let now = 0
    const runs: ProbeRun[] = []
    const subject = new Scheduler({ maxInFlight: 1, onRun: (run) => runs.push(run), now: () => now, random: () => 0 })
    const probe = manualProbe('pi', 1000)
    subject.set([probe.probe])
    await vi.advanceTimersByTimeAsync(0)
    now = 3_600_000.5
    probe.finish()
    await vi.advanceTimersByTimeAsync(0)
    expect(runs[0]!.dueAt).toBe(0)
    now = 3_601_000
    await vi.advanceTimersByTimeAsync(1000)
    expect(probe.started).toBe(2)
    subject.stop()
  })
})
