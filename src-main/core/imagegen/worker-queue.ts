import type { GalleryImage, JobProgress } from '../../../src-shared/imagegen'
import { randomSeed, type Backend, type BackendJob, type RunHooks, type RunOutcome } from './backend'
import { seconds } from './backend-http'
import type { Gallery } from './gallery'
import type { JobRow, JobStore } from './job-store'
import { wakeIfAsleep, type WakeTarget, type WakeTiming } from './wake'

/**
 * One worker's queue: sends its queued jobs in order, no more at once than the backend takes,
 * follows each to its end and files the images. Jobs left `sending` or `running` by a console
 * that stopped are re-attached first, or queued again when the worker never got them.
 */

export interface QueueWorker extends Omit<WakeTarget, 'unreachable'> {
  readonly id: string
  readonly name: string
}

export interface WorkerQueueOptions {
  readonly worker: QueueWorker
  readonly backend: Backend
  readonly store: JobStore
  readonly gallery: Gallery
  readonly transaction: <T>(work: () => T) => T
  /** A job changed; `urgent` for a change of state, otherwise it may be coalesced. */
  readonly changed: (jobId: number, urgent: boolean) => void
  readonly imageAdded: (image: GalleryImage) => void
  readonly wakeTiming: WakeTiming
  /** How long a stopped job may take to end on the worker before the console stops waiting. */
  readonly cancelGraceMs: number
}

/** What the console knows of a job it is sending or following, beyond the store. */
export interface LiveJob {
  readonly controller: AbortController
  progress: JobProgress | null
  preview: { readonly bytes: Buffer; readonly mime: string } | null
  cancelRequested: boolean
}

export class WorkerQueue {
  private readonly live = new Map<number, LiveJob>()
  /** Grace timers of stops asked for: a closed queue must not end jobs the next start re-attaches. */
  private readonly stopTimers = new Set<NodeJS.Timeout>()
  /** A queued job being prepared (a node woken) holds a place before it is sent; cancelling it stops the waiting. */
  private preparing: { readonly jobId: number; readonly stop: AbortController } | undefined
  private closed = false
  private readonly closing = new AbortController()
  /** Set once the queue drains: it starts nothing more, and says when its last followed job ended. */
  private drained: (() => void) | undefined
  private worker: QueueWorker

  constructor(private readonly options: WorkerQueueOptions) {
    this.worker = options.worker
  }

  get workerId(): string {
    return this.worker.id
  }

  get backend(): Backend {
    return this.options.backend
  }

  liveJob(jobId: number): LiveJob | undefined {
    return this.live.get(jobId)
  }

  /**
   * Re-attaches what a stopped console left on the worker, then sends what waits. Jobs an older
   * queue of the same worker still follows (it drains) are left to it.
   */
  start(followedElsewhere: (jobId: number) => boolean = () => false): void {
    for (const job of this.options.store.inFlight(this.workerId)) if (!followedElsewhere(job.id)) this.reattach(job)
    this.pump()
  }

  /** The inventory renamed the worker (or its node, or its wake-on-LAN) but kept its API and URL. */
  update(worker: QueueWorker): void {
    if (worker.id !== this.workerId) throw new Error(`queue of ${this.workerId} cannot take the worker ${worker.id}`)
    this.worker = worker
  }

  /**
   * The worker's API or URL changed, or it left the inventory: the queue starts nothing more (a
   * job waiting for its node to wake stays queued, for the next queue) and follows its running
   * jobs to their end, since cutting a request can lose its image. Resolves when none is left;
   * never when the queue is closed first.
   */
  drain(): Promise<void> {
    const drained = new Promise<void>((resolve) => (this.drained = resolve))
    this.preparing?.stop.abort(new Error('the worker changed'))
    this.preparing = undefined
    this.releaseIfDrained()
    return drained
  }

  /** Fills the backend's places with the next queued jobs. */
  pump(): void {
    while (!this.closed && this.drained === undefined && this.preparing === undefined && this.live.size < this.options.backend.capacity) {
      const next = this.options.store.nextQueued(this.workerId)
      if (!next) return
      this.preparing = { jobId: next.id, stop: new AbortController() }
      void this.dispatch(next, this.preparing.stop.signal)
    }
  }

  async cancel(job: JobRow): Promise<void> {
    const { store } = this.options
    if (job.state === 'queued') {
      if (store.finish(job.id, 'cancelled', null)) this.options.changed(job.id, true)
      if (this.preparing?.jobId === job.id) this.preparing.stop.abort(new Error('cancelled'))
      return
    }
    const live = this.live.get(job.id)
    if (!live) throw new Error(`job ${job.id} is not followed by the console right now`)
    live.cancelRequested = true
    try {
      await this.options.backend.interrupt(this.backendJob(job, job.seed ?? 0))
    } catch (error) {
      live.cancelRequested = false
      throw error
    }
    store.setMessage(job.id, 'stopping…')
    this.options.changed(job.id, true)
    // A worker deaf to the stop (a hung GPU) must not keep the job "stopping" for ever.
    const timer = setTimeout(() => {
      this.stopTimers.delete(timer)
      if (this.closed || this.live.get(job.id) !== live) return
      live.controller.abort(new Error('stopped waiting'))
      this.live.delete(job.id)
      if (store.finish(job.id, 'cancelled', `${this.worker.name} did not confirm the stop within ${seconds(this.options.cancelGraceMs)}`)) this.options.changed(job.id, true)
      this.pump()
      this.releaseIfDrained()
    }, this.options.cancelGraceMs)
    timer.unref()
    this.stopTimers.add(timer)
  }

  /** Stops following; jobs keep their state for the next start to re-attach. */
  close(): void {
    this.closed = true
    this.closing.abort(new Error('the console is stopping'))
    for (const timer of this.stopTimers) clearTimeout(timer)
    this.stopTimers.clear()
    for (const live of this.live.values()) live.controller.abort(new Error('the console is stopping'))
    this.options.backend.close()
  }

  private releaseIfDrained(): void {
    if (!this.closed && this.live.size === 0) this.drained?.()
  }

  private async dispatch(queued: JobRow, cancelled: AbortSignal): Promise<void> {
    const { store } = this.options
    try {
      await wakeIfAsleep(
        { ...this.worker, unreachable: () => this.options.backend.unreachable() },
        this.options.wakeTiming,
        (message) => {
          store.setMessage(queued.id, message)
          this.options.changed(queued.id, true)
        },
        AbortSignal.any([this.closing.signal, cancelled])
      )
    } catch (error) {
      // Draining, the job stays queued for the worker's next queue.
      if (this.closed || this.drained) return
      if (store.finish(queued.id, 'failed', (error as Error).message)) this.options.changed(queued.id, true)
      this.preparing = undefined
      return this.pump()
    }
    if (this.closed || this.drained) return
    this.preparing = undefined
    const seed = queued.params.seed ?? queued.seed ?? randomSeed()
    store.markSending(queued.id, seed)
    const job = store.get(queued.id)
    // Cancelled (or moved on) while the node woke up.
    if (job?.state !== 'sending') return this.pump()
    this.options.changed(job.id, true)
    const live = this.track(job.id)
    this.pump()
    let outcome: RunOutcome
    try {
      outcome = await this.options.backend.run(this.backendJob(job, seed), this.hooks(job.id, live), live.controller.signal)
    } catch (error) {
      if (live.controller.signal.aborted) return
      outcome = { kind: 'failed', reason: (error as Error).message }
    }
    await this.settle(job.id, live, outcome)
  }

  private reattach(job: JobRow): void {
    const live = this.track(job.id)
    const seed = job.seed ?? 0
    void this.options.backend
      .reattach(this.backendJob(job, seed), job.state === 'running', this.hooks(job.id, live), live.controller.signal)
      .then(
        async (found) => {
          if (live.controller.signal.aborted) return
          if (found.kind === 'followed') return this.settle(job.id, live, found.outcome)
          this.live.delete(job.id)
          if (this.options.store.requeue(job.id)) this.options.changed(job.id, true)
          this.pump()
          this.releaseIfDrained()
        },
        async (error: unknown) => {
          if (live.controller.signal.aborted) return
          await this.settle(job.id, live, { kind: 'failed', reason: (error as Error).message })
        }
      )
  }

  private track(jobId: number): LiveJob {
    const live: LiveJob = { controller: new AbortController(), progress: null, preview: null, cancelRequested: false }
    this.live.set(jobId, live)
    return live
  }

  private hooks(jobId: number, live: LiveJob): RunHooks {
    const { store, changed } = this.options
    const say = (message: string | null | undefined) => {
      if (message === undefined || store.get(jobId)?.message === message) return false
      store.setMessage(jobId, message)
      return true
    }
    return {
      accepted: (message) => {
        if (live.controller.signal.aborted) return
        const job = store.get(jobId)
        if (job?.state === 'sending') {
          store.markRunning(jobId, message ?? null)
          changed(jobId, true)
        } else if (say(message)) changed(jobId, true)
      },
      progress: (progress, message) => {
        if (live.controller.signal.aborted || live.cancelRequested) return
        live.progress = progress
        changed(jobId, say(message ?? null))
      },
      preview: (bytes, mime) => {
        if (live.controller.signal.aborted) return
        live.preview = { bytes, mime }
        changed(jobId, false)
      }
    }
  }

  private async settle(jobId: number, live: LiveJob, outcome: RunOutcome): Promise<void> {
    const { store, gallery, changed } = this.options
    if (this.live.get(jobId) !== live || live.controller.signal.aborted) return
    try {
      if (outcome.kind === 'done') await this.file(jobId, outcome)
      else if (outcome.kind === 'failed') store.finish(jobId, 'failed', outcome.reason)
      else store.finish(jobId, 'cancelled', live.cancelRequested ? null : `stopped on ${this.worker.name}`)
    } catch (error) {
      if (this.closed) return
      store.finish(jobId, 'failed', `the image could not be saved in ${gallery.folder}: ${(error as Error).message}`)
    }
    if (this.closed) return
    this.live.delete(jobId)
    changed(jobId, true)
    this.pump()
    this.releaseIfDrained()
  }

  /** Files first, then rows and the job's end in one transaction: a crash between them only rewrites the same files. */
  private async file(jobId: number, outcome: Extract<RunOutcome, { kind: 'done' }>): Promise<void> {
    const { store, gallery } = this.options
    const { worker } = this
    const job = store.get(jobId)
    if (!job) return
    const names = await gallery.writeFiles(jobId, outcome.images.map((image) => image.png))
    // A console stopping meanwhile leaves the job running: the next start finds it done on the worker and files it again.
    if (this.closed) return
    const finishedAt = Date.now()
    const added = this.options.transaction(() => {
      if (!store.finish(jobId, 'done', null)) return []
      return outcome.images.map((image, index) =>
        gallery.insert({
          jobId,
          workerId: worker.id,
          workerName: worker.name,
          prompt: job.params.prompt,
          negativePrompt: job.params.negativePrompt,
          width: job.params.width,
          height: job.params.height,
          steps: job.params.steps,
          cfg: job.params.cfg,
          seed: image.seed ?? job.seed ?? 0,
          model: image.model ?? job.params.model,
          durationMs: job.startedAt === null ? null : finishedAt - job.startedAt,
          fileName: names[index]!
        })
      )
    })
    for (const image of added) this.options.imageAdded(image)
  }

  private backendJob(job: JobRow, seed: number): BackendJob {
    return { taskId: job.taskId, params: job.params, seed }
  }
}
