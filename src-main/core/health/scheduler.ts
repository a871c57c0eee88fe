import type { Probe, ProbeResult, ProbeRun } from './probe'

export interface SchedulerOptions {
  /** Runs at once; the rest wait in order of their due time. */
  readonly maxInFlight: number
  readonly onRun: (run: ProbeRun) => void
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
  private readonly now: () => number
  private readonly random: () => number

  constructor(private readonly options: SchedulerOptions) {
    this.now = options.now ?? Date.now
    this.random = options.random ?? Math.random
  }

  /** Makes `probes` the whole schedule: new ones start, missing ones stop, changed ones restart. */
  set(probes: readonly Probe[]): void {
    const wanted = new Map(probes.map((probe) => [probe.id, probe]))
    for (const [id, entry] of this.entries) {
      const next = wanted.get(id)
      if (!next || next.intervalMs !== entry.probe.intervalMs || next.timeoutMs !== entry.probe.timeoutMs) this.remove(entry)
      else entry.probe = next
    }
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
    for (const entry of [...this.entries.values()]) this.remove(entry)
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

  private due(entry: Entry): void {
    entry.timer = undefined
    if (entry.running || entry.queued) {
      // Still busy with the last run: skip this one rather than pile up.
      this.next(entry)
      return
    }
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
        this.options.onRun({ probeId: probe.id, result, dueAt, startedAt, finishedAt: this.now() })
        this.next(entry)
      }
      this.startQueued()
    }
    controller.signal.addEventListener('abort', () => finished({ status: 'down', reason: `no answer within ${formatSeconds(probe.timeoutMs)}` }))
    probe.run(controller.signal).then(finished, (error: unknown) =>
      finished({ status: 'down', reason: error instanceof Error ? error.message : String(error) })
    )
  }

  private next(entry: Entry): void {
    // Due times follow the grid, not the finish time, so a slow target does not drift.
    const now = this.now()
    do entry.dueAt += entry.probe.intervalMs
    while (entry.dueAt <= now)
    this.arm(entry)
  }

  private startQueued(): void {
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
