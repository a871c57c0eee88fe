import type { Probe, ProbeResult, ProbeRun } from './probe'

export interface SchedulerOptions {
  /** Runs at once; the rest wait in order of their due time. */
  readonly maxInFlight: number
  readonly onRun: (run: ProbeRun) => void
  /** `onRun` threw (a full disk under the history, say): told here, and polling goes on. */
  readonly onRunError?: (error: unknown, run: ProbeRun) => void
  readonly now?: () => number
  readonly random?: () => number
}

interface Entry {
  probe: Probe
  dueAt: number
  timer: NodeJS.Timeout | undefined
  /** The run in progress; a run that timed out no longer counts. */
  running: AbortController | undefined
  queued: boolean
}

/**
 * Runs every probe on its own interval, first runs spread over one interval so a lab of 500
 * nodes does not fire at once. A probe never runs twice at once, never holds a slot past its
 * timeout, and leaves no timer behind when it is removed.
 */
export class Scheduler {
  private readonly entries = new Map<string, Entry>()
  private readonly queue: Entry[] = []
  private inFlight = 0
  /** While the schedule is being replaced, freed slots must not start probes about to be removed. */
  private replacing = false
  private readonly now: () => number
  private readonly random: () => number

  constructor(private readonly options: SchedulerOptions) {
    this.now = options.now ?? Date.now
    this.random = options.random ?? Math.random
  }

  /** Makes `probes` the whole schedule: new ones start, missing ones stop, changed ones restart. */
  set(probes: readonly Probe[]): void {
    const wanted = new Map(probes.map((probe) => [probe.id, probe]))
    this.replacing = true
    for (const [id, entry] of this.entries) {
      const next = wanted.get(id)
      if (!next || next.intervalMs !== entry.probe.intervalMs || next.timeoutMs !== entry.probe.timeoutMs) this.remove(entry)
      else entry.probe = next
    }
    this.replacing = false
    this.startQueued()
    for (const probe of probes) {
      if (this.entries.has(probe.id)) continue
      const entry: Entry = { probe, dueAt: this.now() + this.random() * probe.intervalMs, timer: undefined, running: undefined, queued: false }
      this.entries.set(probe.id, entry)
      this.arm(entry)
    }
  }

  /** Runs the matching probes now, except those already running or waiting for a slot. */
  runNow(matches: (probeId: string) => boolean): void {
    for (const entry of this.entries.values()) {
      if (!matches(entry.probe.id) || entry.running || entry.queued) continue
      if (entry.timer) clearTimeout(entry.timer)
      entry.timer = undefined
      entry.dueAt = this.now()
      this.due(entry)
    }
  }

  stop(): void {
    this.replacing = true
    this.queue.length = 0
    for (const entry of [...this.entries.values()]) this.remove(entry)
    this.replacing = false
  }

  /** For tests and the bench: what the scheduler holds right now. */
  stats(): { probes: number; timers: number; inFlight: number; queued: number } {
    let timers = 0
    for (const entry of this.entries.values()) if (entry.timer) timers++
    return { probes: this.entries.size, timers, inFlight: this.inFlight, queued: this.queue.length }
  }

  private arm(entry: Entry): void {
    entry.timer = setTimeout(() => this.due(entry), Math.max(0, entry.dueAt - this.now()))
  }

  /**
   * A probe's timer is armed only once its run has finished, and runNow passes over a busy
   * probe: so a probe never runs twice at once, and a slow one skips turns instead of piling up.
   */
  private due(entry: Entry): void {
    entry.timer = undefined
    if (this.inFlight < this.options.maxInFlight) this.start(entry)
    else {
      entry.queued = true
      this.queue.push(entry)
    }
  }

  private start(entry: Entry): void {
    const controller = new AbortController()
    entry.running = controller
    this.inFlight++
    const { probe, dueAt } = entry
    const startedAt = this.now()
    const timeout = setTimeout(() => controller.abort(new Error('timeout')), probe.timeoutMs)
    const finished = (result: ProbeResult) => {
      clearTimeout(timeout)
      if (entry.running !== controller) return
      entry.running = undefined
      this.inFlight--
      if (this.entries.get(probe.id) === entry) {
        const run = { probeId: probe.id, result, dueAt, startedAt, finishedAt: this.now() }
        try {
          this.options.onRun(run)
        } catch (error) {
          this.options.onRunError?.(error, run)
        }
        this.next(entry)
      }
      this.startQueued()
    }
    controller.signal.addEventListener('abort', () => finished({ status: 'down', reason: `no answer within ${formatSeconds(probe.timeoutMs)}` }))
    // Through a promise, so a probe that throws at once fails like one that rejects.
    Promise.resolve()
      .then(() => probe.run(controller.signal))
      .then(finished, (error: unknown) => finished({ status: 'down', reason: error instanceof Error ? error.message : String(error) }))
  }

  private next(entry: Entry): void {
    // Due times follow the grid, not the finish time, so a slow target does not drift; after a
    // sleep of the machine the missed turns are skipped in one step.
    const { intervalMs } = entry.probe
    const now = this.now()
    entry.dueAt += Math.max(1, Math.ceil((now - entry.dueAt + 1) / intervalMs)) * intervalMs
    this.arm(entry)
  }

  private startQueued(): void {
    if (this.replacing) return
    while (this.inFlight < this.options.maxInFlight && this.queue.length > 0) {
      const entry = this.queue.shift()!
      entry.queued = false
      if (this.entries.get(entry.probe.id) === entry) this.start(entry)
    }
  }

  private remove(entry: Entry): void {
    if (entry.timer) clearTimeout(entry.timer)
    entry.timer = undefined
    this.entries.delete(entry.probe.id)
    const index = this.queue.indexOf(entry)
    if (index >= 0) this.queue.splice(index, 1)
    entry.queued = false
    entry.running?.abort(new Error('removed'))
  }
}

function formatSeconds(ms: number): string {
  return `${Number((ms / 1000).toFixed(1))} s`
}
