import type { ImageJob, JobParams, JobProgress } from '../../../src-shared/imagegen'

/**
 * What the queue needs of a worker API. The three APIs differ in how a job is sent, followed and
 * stopped; the queue only ever sees this.
 */

/** A job as the backend sends it: its settings, the seed drawn for it, and the id the backend knows it by. */
export interface BackendJob {
  /** Chosen by the console and stored before the job is sent, so a restart can ask the backend about it. */
  readonly taskId: string
  readonly params: JobParams
  readonly seed: number
}

export interface RunHooks {
  /** The backend has the job (it answered the submit, or lists it): it may run it even if the console stops now. */
  accepted(message?: string): void
  /** `message` is a note while the job waits (queued elsewhere, retrying); progress without one clears it. */
  progress(progress: JobProgress, message?: string): void
  preview(image: Buffer, mime: 'image/png' | 'image/jpeg'): void
}

export interface FinishedImage {
  readonly png: Buffer
  /** The seed the backend reports it used, when it says. */
  readonly seed: number | null
  readonly model: string | null
}

export type RunOutcome =
  | { readonly kind: 'done'; readonly images: readonly FinishedImage[] }
  | { readonly kind: 'failed'; readonly reason: string }
  /** Stopped on the backend (an interrupt), or dropped from its queue. */
  | { readonly kind: 'stopped' }

/** After a restart, a job the console had sent: */
export type Reattached =
  /** the backend provably never got it: it goes back to the queue; */
  | { readonly kind: 'unknown' }
  /** or it is followed to its end. */
  | { readonly kind: 'followed'; readonly outcome: RunOutcome }

export interface Backend {
  /** How many of our jobs may be on the backend at once. */
  readonly capacity: number
  /** Sends the job and follows it to its end; `signal` ends the following (not the job) when the console stops. */
  run(job: BackendJob, hooks: RunHooks, signal: AbortSignal): Promise<RunOutcome>
  /** A job left `sending` or `running` by a console that stopped; `acknowledged` says it was `running`. */
  reattach(job: BackendJob, acknowledged: boolean, hooks: RunHooks, signal: AbortSignal): Promise<Reattached>
  /** Stops the job on the backend; its run then ends `stopped`. Throws when the API cannot. */
  interrupt(job: BackendJob): Promise<void>
  models(): Promise<string[]>
  /** Undefined when the worker answers, else why not. */
  unreachable(): Promise<string | undefined>
  /** Jobs other clients queued on the worker (ComfyUI), shown, not managed. */
  external?(ownTaskIds: ReadonlySet<string>): Promise<ExternalJob[]>
  close(): void
}

export type ExternalJob = Pick<ImageJob, 'state' | 'params' | 'seed' | 'progress'> & { readonly taskId: string }

/** An unsigned 32-bit seed, as every API takes. */
export function randomSeed(): number {
  return Math.floor(Math.random() * 4_294_967_296)
}
