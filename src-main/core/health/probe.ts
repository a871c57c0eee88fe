import type { Fact, Samples } from '../../../src-shared/metrics'

/** How a probe found its target. */
export type ProbeStatus = 'up' | 'degraded' | 'down'

export interface ProbeResult {
  readonly status: ProbeStatus
  /** Why it is not up, in the user's words: "refused", "timeout after 5 s", "HTTP 503". */
  readonly reason?: string
  readonly latencyMs?: number
  /** Numbers to chart, under the keys of src-shared/metrics.ts. */
  readonly samples?: Samples
  /** What the probe learnt, to show beside the status (version, players, loaded models …). */
  readonly facts?: readonly Fact[]
}

/** One check of one target, run again and again by the scheduler. */
export interface Probe {
  /** Stable across inventory reloads while the target is the same, e.g. "pi-primary/minecraft". */
  readonly id: string
  readonly intervalMs: number
  readonly timeoutMs: number
  /** Must give up when `signal` aborts; the scheduler stops waiting at the timeout regardless. */
  run(signal: AbortSignal): Promise<ProbeResult>
}

export interface ProbeRun {
  readonly probeId: string
  readonly result: ProbeResult
  /** When the run was due and when it started: the difference is the scheduling lag. */
  readonly dueAt: number
  readonly startedAt: number
  readonly finishedAt: number
}
