import type { Backend, BackendJob, Reattached, RunHooks, RunOutcome } from './backend'
import { BackendError, callBackend, isRecord, jsonOf, seconds } from './backend-http'
import { isPng, type BackendTiming } from './backend-timing'
import type { CallbackOutcome, WorkerCallbacks } from './callback-listener'
import { backoff, Doorbell, pause } from './pause'

/**
 * The seed's own worker: POST /api/generate answers at once and the worker makes the image in
 * the background, writing /generated/<task_id>.png. The result comes by callback when the
 * console takes callbacks, else by polling for that file. The API has no progress, no stop and
 * no list of tasks: /metrics' counters tell whether it still works on anything.
 */

export interface WorkerBackendOptions {
  readonly url: string
  /** Names the worker in messages ("A1111 at Gaming PC › Forge (http://…)"); read each time, so a rename shows at once. */
  readonly where: () => string
  readonly timing: BackendTiming
  /** Undefined when the console takes no callbacks. */
  readonly callbacks: WorkerCallbacks | undefined
}

/** Seen idle this many times in a row with no file: the task is not on the worker. */
const idleChecks = 2

export function workerBackend(options: WorkerBackendOptions): Backend {
  const { where, timing } = options
  const base = options.url.replace(/\/+$/, '')

  async function run(job: BackendJob, hooks: RunHooks, signal: AbortSignal): Promise<RunOutcome> {
    const { params } = job
    const request = {
      task_id: job.taskId,
      type: 'image',
      prompt: params.prompt,
      negative_prompt: params.negativePrompt,
      width: params.width,
      height: params.height,
      steps: params.steps,
      cfg_scale: params.cfg,
      // The seed's worker draws its own; a worker that reads it gets ours.
      seed: job.seed,
      ...(options.callbacks && { callback_url: options.callbacks.url })
    }
    let reply
    try {
      reply = await callBackend(where(), `${base}/api/generate`, { json: request, timeoutMs: timing.requestMs, signal })
    } catch (error) {
      return { kind: 'failed', reason: (error as Error).message }
    }
    if (reply.status !== 200) return { kind: 'failed', reason: `${where()} refused the job: HTTP ${reply.status}` }
    let body: unknown
    try {
      body = jsonOf(where(), reply, 'the image worker')
    } catch (error) {
      return { kind: 'failed', reason: (error as Error).message }
    }
    if (!isRecord(body) || body['status'] !== 'processing') return { kind: 'failed', reason: `${where()} did not take the job: ${JSON.stringify(body).slice(0, 200)}` }
    hooks.accepted('generating (the worker reports no progress)')
    const followed = await follow(job, signal, options.callbacks)
    return followed === 'vanished' ? { kind: 'failed', reason: vanishedReason() } : followed
  }

  function vanishedReason(): string {
    return options.callbacks
      ? `${where()} ended this job without an image`
      : `${where()} ended this job without an image and could not say why: the console takes no callbacks`
  }

  /** The outcome, or 'vanished' when the worker is idle and has no file for it; without `callbacks` it polls briskly. */
  async function follow(job: BackendJob, signal: AbortSignal, callbacks: WorkerCallbacks | undefined): Promise<RunOutcome | 'vanished'> {
    const bell = new Doorbell()
    let called: CallbackOutcome | undefined
    const stopListening = callbacks?.on(job.taskId, (outcome) => {
      called = outcome
      bell.ring()
    })
    try {
      const deadline = Date.now() + timing.generationMs
      let waitMs = callbacks ? timing.callbackPollMs : Math.min(250, timing.resultPollMaxMs)
      let idleSeen = 0
      while (!signal.aborted) {
        if (called?.status === 'error') return { kind: 'failed', reason: `${where()}: ${called.error}` }
        const png = await fetchResult(job.taskId, signal).catch(() => undefined)
        if (png) return { kind: 'done', images: [{ png, seed: called?.status === 'completed' ? called.seed : null, model: called?.status === 'completed' ? called.model : null }] }
        if (!called) {
          idleSeen = (await isIdle(signal)) ? idleSeen + 1 : 0
          if (idleSeen >= idleChecks) return 'vanished'
        }
        if (Date.now() > deadline) return { kind: 'failed', reason: `${where()} made no image within ${seconds(timing.generationMs)}` }
        await pause(waitMs, signal, bell)
        if (!callbacks) waitMs = backoff(waitMs, timing.resultPollMaxMs)
      }
      throw signal.reason
    } finally {
      stopListening?.()
    }
  }

  async function fetchResult(taskId: string, signal: AbortSignal): Promise<Buffer | undefined> {
    const reply = await callBackend(where(), `${base}/generated/${encodeURIComponent(taskId)}.png`, { timeoutMs: timing.requestMs, signal })
    if (reply.status === 404) return undefined
    if (reply.status !== 200) throw new BackendError(`${where()} answered HTTP ${reply.status} for the image`)
    if (!isPng(reply.body)) throw new BackendError(`${where()} sent an image that is not a PNG`)
    return reply.body
  }

  /** True when /metrics says nothing runs or waits; false when busy or it cannot tell. */
  async function isIdle(signal: AbortSignal): Promise<boolean> {
    try {
      const reply = await callBackend(where(), `${base}/metrics`, { timeoutMs: timing.requestMs, signal })
      const body = reply.status === 200 ? jsonOf(where(), reply, 'the image worker') : undefined
      return isRecord(body) && body['active_generations'] === 0 && body['queue_length'] === 0
    } catch {
      return false
    }
  }

  return {
    capacity: 1,
    run,
    async reattach(job, acknowledged, hooks, signal): Promise<Reattached> {
      // The callback_url it was sent with belonged to the console that stopped: only polling finds the result now.
      const followed = await follow(job, signal, undefined)
      if (followed !== 'vanished') return { kind: 'followed', outcome: followed }
      // Idle with no file: a job the worker acknowledged failed and its words went to the stopped console;
      // one never acknowledged never arrived (the request is answered at once, so it was cut before).
      if (!acknowledged) return { kind: 'unknown' }
      hooks.accepted()
      return { kind: 'followed', outcome: { kind: 'failed', reason: `${where()} ended this job without an image while the console was stopped` } }
    },
    interrupt: () => Promise.reject(new BackendError(`${where()} cannot stop a generation once it started: its API has no stop`)),
    // The worker loads one model and names it only in its callbacks.
    models: () => Promise.resolve([]),
    async unreachable() {
      try {
        const reply = await callBackend(where(), `${base}/health`, { timeoutMs: timing.requestMs })
        const body = jsonOf(where(), reply, 'the image worker')
        return reply.status === 200 && isRecord(body) ? undefined : `${where()} answered HTTP ${reply.status}`
      } catch (error) {
        return (error as Error).message
      }
    },
    close: () => undefined
  }
}
