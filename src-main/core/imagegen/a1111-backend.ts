import type { Backend, BackendJob, Reattached, RunHooks, RunOutcome } from './backend'
import { BackendError, callBackend, isRecord, jsonOf, seconds, type BackendReply } from './backend-http'
import { isPng, type BackendTiming } from './backend-timing'
import { pause } from './pause'

/**
 * AUTOMATIC1111 / Forge: txt2img answers only when the image is made, behind a global lock, so
 * the console sends one job at a time. The job's force_task_id lets /internal/progress say
 * whether that job waits, runs or finished, which /sdapi/v1/progress cannot.
 */

export interface A1111BackendOptions {
  readonly url: string
  /** Names the worker in messages ("A1111 at Gaming PC › Forge (http://…)"); read each time, so a rename shows at once. */
  readonly where: () => string
  readonly timing: BackendTiming
}

interface TaskProgress {
  readonly active: boolean
  readonly queued: boolean
  readonly completed: boolean
  readonly progress: number | null
  readonly eta: number | null
  readonly livePreview: string | null
  readonly idLivePreview: number
  readonly textinfo: string | null
}

export function a1111Backend(options: A1111BackendOptions): Backend {
  const { where, timing } = options
  const base = options.url.replace(/\/+$/, '')
  /** Jobs the user stopped: their partial images are not results. */
  const stopped = new Set<string>()
  /** Stopped while another client's job held the lock: interrupted as soon as they start. */
  const stopWhenStarted = new Set<string>()

  const call = (path: string, json?: unknown, signal?: AbortSignal, timeoutMs = timing.requestMs) =>
    callBackend(where(), `${base}${path}`, { timeoutMs, ...(json !== undefined && { json }), ...(signal && { signal }) })

  async function taskProgress(taskId: string, idLivePreview: number, signal?: AbortSignal): Promise<TaskProgress> {
    const reply = await call('/internal/progress', { id_task: taskId, id_live_preview: idLivePreview, live_preview: true }, signal)
    const body = okJson(reply)
    if (!isRecord(body) || typeof body['active'] !== 'boolean') throw new BackendError(`${where()} answered /internal/progress, but not as A1111 does`)
    const number = (value: unknown) => (typeof value === 'number' && Number.isFinite(value) ? value : null)
    return {
      active: body['active'],
      queued: body['queued'] === true,
      completed: body['completed'] === true,
      progress: number(body['progress']),
      eta: number(body['eta']),
      livePreview: typeof body['live_preview'] === 'string' ? body['live_preview'] : null,
      idLivePreview: number(body['id_live_preview']) ?? idLivePreview,
      textinfo: typeof body['textinfo'] === 'string' ? body['textinfo'] : null
    }
  }

  /** The sampler's step and whether anything runs at all: A1111 keeps calling a failed task active. */
  async function sharedState(signal?: AbortSignal): Promise<{ running: boolean; step: number | null; steps: number | null }> {
    const body = okJson(await call('/sdapi/v1/progress?skip_current_image=true', undefined, signal))
    const state = isRecord(body) && isRecord(body['state']) ? body['state'] : {}
    const whole = (value: unknown) => (Number.isInteger(value) ? (value as number) : null)
    const steps = whole(state['sampling_steps'])
    const step = whole(state['sampling_step'])
    return { running: whole(state['job_count']) !== 0, step: step === null || steps === null ? null : Math.min(steps, step + 1), steps }
  }

  function okJson(reply: BackendReply): unknown {
    if (reply.status !== 200) throw new BackendError(errorText(where(), reply))
    return jsonOf(where(), reply, 'AUTOMATIC1111 (started with --api)')
  }

  /** Follows the task's progress until `until` resolves; the first sign of the task on A1111 is its acceptance. */
  async function watch(job: BackendJob, hooks: RunHooks, signal: AbortSignal): Promise<void> {
    let previewId = -1
    let seen = false
    while (!signal.aborted) {
      try {
        const task = await taskProgress(job.taskId, previewId, signal)
        if ((task.active || task.queued) && !seen) {
          seen = true
          hooks.accepted(task.queued ? `waiting for A1111 (${task.textinfo ?? 'queued'})` : undefined)
        }
        if (task.active) {
          if (stopWhenStarted.delete(job.taskId)) await call('/sdapi/v1/interrupt', {}, signal)
          const state = await sharedState(signal)
          hooks.progress({ percent: Math.round((task.progress ?? 0) * 1000) / 10, step: state.step, steps: state.steps, etaSeconds: task.eta })
          const preview = task.livePreview ? dataUrlImage(task.livePreview) : undefined
          if (preview) hooks.preview(preview.bytes, preview.mime)
          previewId = task.idLivePreview
        } else if (task.queued) {
          hooks.progress({ percent: 0, step: null, steps: null, etaSeconds: null }, `waiting for A1111 (${task.textinfo ?? 'queued'})`)
        }
      } catch {
        // A missed progress poll only delays the bar; the txt2img call decides the outcome.
      }
      await pause(timing.pollMs, signal)
    }
  }

  async function run(job: BackendJob, hooks: RunHooks, signal: AbortSignal): Promise<RunOutcome> {
    const { params } = job
    const request = {
      prompt: params.prompt,
      negative_prompt: params.negativePrompt,
      seed: job.seed,
      steps: params.steps,
      cfg_scale: params.cfg,
      width: params.width,
      height: params.height,
      batch_size: 1,
      n_iter: 1,
      force_task_id: job.taskId,
      send_images: true,
      save_images: false,
      ...(params.model !== null && { override_settings: { sd_model_checkpoint: params.model } })
    }
    const watching = new AbortController()
    void watch(job, hooks, AbortSignal.any([signal, watching.signal]))
    try {
      const reply = await call('/sdapi/v1/txt2img', request, signal, timing.generationMs)
      hooks.accepted()
      if (stopped.delete(job.taskId)) return { kind: 'stopped' }
      if (reply.status !== 200) return { kind: 'failed', reason: errorText(where(), reply) }
      return resultOf(reply)
    } catch (error) {
      if (signal.aborted) throw error
      return { kind: 'failed', reason: (error as Error).message }
    } finally {
      watching.abort()
      stopWhenStarted.delete(job.taskId)
    }
  }

  function resultOf(reply: BackendReply): RunOutcome {
    const body = jsonOf(where(), reply, 'AUTOMATIC1111')
    const images = isRecord(body) && Array.isArray(body['images']) ? body['images'] : []
    const png = typeof images[0] === 'string' ? Buffer.from(images[0], 'base64') : undefined
    if (!png || !isPng(png)) return { kind: 'failed', reason: `${where()} answered without a PNG image` }
    let info: unknown
    try {
      info = isRecord(body) && typeof body['info'] === 'string' ? JSON.parse(body['info']) : {}
    } catch {
      info = {}
    }
    const seed = isRecord(info) && Number.isInteger(info['seed']) ? (info['seed'] as number) : null
    const model = isRecord(info) && typeof info['sd_model_name'] === 'string' ? info['sd_model_name'] : null
    return { kind: 'done', images: [{ png, seed, model }] }
  }

  const unansweredReason = (error: unknown) =>
    `${(error as Error).message}, for ${seconds(timing.generationMs)} since the console restarted: whether it made this job is unknown, retry to make it`

  /** The image of a request the stop cut is gone: A1111 hands it only to that request. */
  const lostReason = () => `${where()} made this image while the console was stopped, but A1111 gives an image only to the request that asked for it, which the stop cut: retry to make it again`

  async function reattach(job: BackendJob, acknowledged: boolean, hooks: RunHooks, signal: AbortSignal): Promise<Reattached> {
    let unreachableSince: number | undefined
    for (;;) {
      let task: TaskProgress
      try {
        task = await taskProgress(job.taskId, -1, signal)
        unreachableSince = undefined
      } catch (error) {
        if (signal.aborted) throw error
        unreachableSince ??= Date.now()
        // Whether A1111 ever got the job cannot be told, so it is not sent again: it fails and a retry is the user's call.
        if (Date.now() - unreachableSince > timing.generationMs) return { kind: 'followed', outcome: { kind: 'failed', reason: unansweredReason(error) } }
        await pause(timing.pollMs * 4, signal)
        continue
      }
      if (!task.active && !task.queued && !task.completed) {
        if (!acknowledged) return { kind: 'unknown' }
        return { kind: 'followed', outcome: { kind: 'failed', reason: `${where()} no longer knows this job: did it restart while the console was stopped?` } }
      }
      hooks.accepted()
      if (task.completed) return { kind: 'followed', outcome: stopped.delete(job.taskId) ? { kind: 'stopped' } : { kind: 'failed', reason: lostReason() } }
      if (task.active && !(await sharedState(signal).catch(() => ({ running: true }))).running) {
        return { kind: 'followed', outcome: { kind: 'failed', reason: `${where()} stopped this job with an error while the console was stopped` } }
      }
      if (task.active && stopWhenStarted.delete(job.taskId)) await call('/sdapi/v1/interrupt', {}, signal).catch(() => stopWhenStarted.add(job.taskId))
      if (task.active) hooks.progress({ percent: Math.round((task.progress ?? 0) * 1000) / 10, step: null, steps: null, etaSeconds: task.eta })
      await pause(timing.pollMs, signal)
      if (signal.aborted) throw signal.reason
    }
  }

  return {
    capacity: 1,
    run,
    reattach,
    async interrupt(job) {
      const task = await taskProgress(job.taskId, -1)
      stopped.add(job.taskId)
      // /sdapi/v1/interrupt stops whatever runs: only ever send it while this job is the one running.
      if (task.active) await call('/sdapi/v1/interrupt', {})
      else stopWhenStarted.add(job.taskId)
    },
    async models() {
      const body = okJson(await call('/sdapi/v1/sd-models'))
      if (!Array.isArray(body)) throw new BackendError(`${where()} answered sd-models, but not with a list`)
      return body.flatMap((model) => (isRecord(model) && typeof model['model_name'] === 'string' ? [model['model_name']] : []))
    },
    async unreachable() {
      try {
        await sharedState()
        return undefined
      } catch (error) {
        return (error as Error).message
      }
    },
    close: () => undefined
  }
}

/** A1111's error JSON `{error, detail, errors}` or FastAPI's 422 `{detail: [...]}`, in words. */
function errorText(where: string, reply: BackendReply): string {
  let body: unknown
  try {
    body = JSON.parse(reply.body.toString('utf8'))
  } catch {
    return `${where} answered HTTP ${reply.status}`
  }
  if (!isRecord(body)) return `${where} answered HTTP ${reply.status}`
  const detail = body['detail']
  if (Array.isArray(detail)) {
    const first = detail[0]
    const message = isRecord(first) ? `${Array.isArray(first['loc']) ? first['loc'].join('.') : ''}: ${String(first['msg'])}` : ''
    return `${where} refused the job (HTTP ${reply.status}) ${message}`.trim()
  }
  const words = [body['error'], body['errors'] || detail].filter((part) => typeof part === 'string' && part !== '').join(': ')
  return `${where} failed (HTTP ${reply.status}): ${words || 'no reason given'}`
}

function dataUrlImage(url: string): { bytes: Buffer; mime: 'image/png' | 'image/jpeg' } | undefined {
  const match = /^data:(image\/(?:png|jpeg));base64,(.*)$/s.exec(url)
  if (!match) return undefined
  return { bytes: Buffer.from(match[2] ?? '', 'base64'), mime: match[1] as 'image/png' | 'image/jpeg' }
}
