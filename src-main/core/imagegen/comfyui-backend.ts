import type { Backend, BackendJob, ExternalJob, FinishedImage, Reattached, RunHooks, RunOutcome } from './backend'
import { BackendError, callBackend, isRecord, jsonOf, seconds, type BackendReply } from './backend-http'
import { isPng, type BackendTiming } from './backend-timing'
import { ComfyuiSocket } from './comfyui-socket'
import { builtinGraph, customGraph, describeGraph, type ApiGraph } from './comfyui-workflow'
import { Doorbell, pause } from './pause'

/**
 * ComfyUI keeps its own queue: the console posts each prompt with a prompt_id of its choosing
 * (the job's task id) and follows it on /ws, then reads /history and fetches the images with
 * /view. /queue and /history tell after a restart whether ComfyUI ever got a prompt.
 */

export interface ComfyuiBackendOptions {
  readonly url: string
  /** Names the worker in messages ("A1111 at Gaming PC › Forge (http://…)"); read each time, so a rename shows at once. */
  readonly where: () => string
  readonly timing: BackendTiming
  /** The same on every start of the console. */
  readonly clientId: string
}

type Whereabouts = { readonly kind: 'history'; readonly entry: Record<string, unknown> } | { readonly kind: 'running' } | { readonly kind: 'pending'; readonly ahead: number } | { readonly kind: 'nowhere' }

export function comfyuiBackend(options: ComfyuiBackendOptions): Backend {
  const { where, timing } = options
  const base = options.url.replace(/\/+$/, '')
  const socket = new ComfyuiSocket(`${base.replace(/^http/, 'ws')}/ws?clientId=${encodeURIComponent(options.clientId)}`, timing.requestMs)
  const stopped = new Set<string>()

  const call = (path: string, json?: unknown, signal?: AbortSignal) =>
    callBackend(where(), `${base}${path}`, { timeoutMs: timing.requestMs, ...(json !== undefined && { json }), ...(signal && { signal }) })

  async function okJson(path: string, signal?: AbortSignal): Promise<unknown> {
    const reply = await call(path, undefined, signal)
    if (reply.status !== 200) throw new BackendError(`${where()} answered HTTP ${reply.status} to ${path}`)
    return jsonOf(where(), reply, 'ComfyUI')
  }

  async function queue(signal?: AbortSignal): Promise<{ running: unknown[][]; pending: unknown[][] }> {
    const body = await okJson('/queue', signal)
    const items = (value: unknown) => (Array.isArray(value) ? value.filter((item): item is unknown[] => Array.isArray(item)) : [])
    if (!isRecord(body)) throw new BackendError(`${where()} answered /queue, but not as ComfyUI does`)
    return { running: items(body['queue_running']), pending: items(body['queue_pending']) }
  }

  /** History first: a prompt leaves the queue only after its history is written. */
  async function whereabouts(promptId: string, signal: AbortSignal): Promise<Whereabouts> {
    const history = await okJson(`/history/${encodeURIComponent(promptId)}`, signal)
    const entry = isRecord(history) ? history[promptId] : undefined
    if (isRecord(entry)) return { kind: 'history', entry }
    const { running, pending } = await queue(signal)
    if (running.some((item) => item[1] === promptId)) return { kind: 'running' }
    const index = pending.findIndex((item) => item[1] === promptId)
    if (index >= 0) return { kind: 'pending', ahead: running.length + pending.filter((item) => Number(item[0]) < Number(pending[index]?.[0])).length }
    // It may have finished between the two reads.
    const again = await okJson(`/history/${encodeURIComponent(promptId)}`, signal)
    const late = isRecord(again) ? again[promptId] : undefined
    return isRecord(late) ? { kind: 'history', entry: late } : { kind: 'nowhere' }
  }

  async function checkpoints(): Promise<string[]> {
    const body = await okJson('/object_info/CheckpointLoaderSimple')
    const node = isRecord(body) ? body['CheckpointLoaderSimple'] : undefined
    const required = isRecord(node) && isRecord(node['input']) && isRecord(node['input']['required']) ? node['input']['required'] : {}
    const spec = required['ckpt_name']
    // ["a.safetensors", …] in the classic format, "COMBO" with {options} in the newer one.
    const choices = Array.isArray(spec) ? (Array.isArray(spec[0]) ? spec[0] : isRecord(spec[1]) ? spec[1]['options'] : []) : []
    return Array.isArray(choices) ? choices.filter((choice): choice is string => typeof choice === 'string') : []
  }

  async function graphFor(job: BackendJob): Promise<{ graph: ApiGraph; checkpoint: string }> {
    const checkpoint = job.params.model ?? (await checkpoints())[0]
    if (checkpoint === undefined) throw new BackendError(`${where()} has no checkpoint in models/checkpoints`)
    const values = { params: job.params, seed: job.seed, checkpoint }
    return { graph: job.params.workflow ? customGraph(job.params.workflow, values) : builtinGraph(values), checkpoint }
  }

  /** Follows a prompt ComfyUI has until its history says how it ended; 'nowhere' when ComfyUI does not know it. */
  async function follow(job: BackendJob, checkpoint: string | null, hooks: RunHooks, signal: AbortSignal): Promise<RunOutcome | 'nowhere'> {
    const bell = new Doorbell()
    let firstProgressAt: number | undefined
    const stopListening = socket.listen(job.taskId, {
      progress(value, max) {
        firstProgressAt ??= Date.now() - 1
        const elapsed = (Date.now() - firstProgressAt) / 1000
        const eta = value > 0 ? Math.round((elapsed / value) * (max - value) * 10) / 10 : null
        hooks.progress({ percent: max > 0 ? Math.round((value / max) * 1000) / 10 : 0, step: value, steps: max, etaSeconds: eta })
      },
      preview: (image, mime) => hooks.preview(image, mime),
      ended: () => bell.ring()
    })
    let unreachableSince: number | undefined
    let runningSince: number | undefined
    try {
      while (!signal.aborted) {
        let found: Whereabouts
        try {
          found = await whereabouts(job.taskId, signal)
          unreachableSince = undefined
        } catch (error) {
          if (signal.aborted) break
          unreachableSince ??= Date.now()
          if (Date.now() - unreachableSince > timing.generationMs) return { kind: 'failed', reason: (error as Error).message }
          hooks.progress({ percent: 0, step: null, steps: null, etaSeconds: null }, `${(error as Error).message}; still trying`)
          await pause(timing.pollMs * 4, signal, bell)
          continue
        }
        if (found.kind === 'history') return await outcomeOf(job, found.entry, checkpoint, signal)
        if (found.kind === 'nowhere') return stopped.delete(job.taskId) ? { kind: 'stopped' } : 'nowhere'
        if (found.kind === 'pending') hooks.progress({ percent: 0, step: null, steps: null, etaSeconds: null }, `queued on ComfyUI (${found.ahead} ahead)`)
        // Waiting behind other clients' prompts has no limit; running has, or a stuck node would hold the job for ever.
        if (found.kind === 'running') runningSince ??= Date.now()
        if (runningSince !== undefined && Date.now() - runningSince > timing.generationMs) return await overran(job, signal)
        await pause(timing.pollMs, signal, bell)
      }
      throw signal.reason
    } finally {
      stopListening()
    }
  }

  /** Asks ComfyUI to drop the prompt, so it does not hold the GPU behind the failed job. */
  async function overran(job: BackendJob, signal: AbortSignal): Promise<RunOutcome> {
    const limit = `${where()} did not finish this job within ${seconds(timing.generationMs)}`
    try {
      await call('/interrupt', { prompt_id: job.taskId }, signal)
      return { kind: 'failed', reason: `${limit}; asked it to stop` }
    } catch (error) {
      if (signal.aborted) throw error
      return { kind: 'failed', reason: `${limit}, and could not ask it to stop: ${(error as Error).message}` }
    }
  }

  async function outcomeOf(job: BackendJob, entry: Record<string, unknown>, checkpoint: string | null, signal: AbortSignal): Promise<RunOutcome> {
    const status = isRecord(entry['status']) ? entry['status'] : {}
    const messages = Array.isArray(status['messages']) ? status['messages'] : []
    const message = (name: string) => messages.find((item): item is [string, Record<string, unknown>] => Array.isArray(item) && item[0] === name && isRecord(item[1]))?.[1]
    const stopAsked = stopped.delete(job.taskId)
    if (message('execution_interrupted')) return { kind: 'stopped' }
    if (status['status_str'] === 'error') {
      if (stopAsked) return { kind: 'stopped' }
      const error = message('execution_error')
      const words = error ? `${String(error['exception_type'] ?? 'error')} in node ${String(error['node_id'] ?? '?')} (${String(error['node_type'] ?? '?')}): ${String(error['exception_message'] ?? '').trim()}` : 'no reason given'
      return { kind: 'failed', reason: `${where()} failed: ${words}` }
    }
    const outputs = isRecord(entry['outputs']) ? Object.values(entry['outputs']) : []
    const files = outputs.flatMap((output) => (isRecord(output) && Array.isArray(output['images']) ? output['images'].filter(isRecord) : []))
    const saved = files.filter((file) => file['type'] === 'output')
    const chosen = saved.length > 0 ? saved : files
    if (chosen.length === 0) return { kind: 'failed', reason: `${where()} finished without an image: the workflow has no Save Image or Preview Image node` }
    const images: FinishedImage[] = []
    for (const file of chosen) {
      const query = new URLSearchParams({ filename: String(file['filename'] ?? ''), subfolder: String(file['subfolder'] ?? ''), type: String(file['type'] ?? 'output') })
      const reply: BackendReply = await callBackend(where(), `${base}/view?${query}`, { timeoutMs: timing.requestMs, signal })
      if (reply.status !== 200 || !isPng(reply.body)) return { kind: 'failed', reason: `${where()} did not hand over ${String(file['filename'])} (HTTP ${reply.status})` }
      images.push({ png: reply.body, seed: job.seed, model: checkpoint })
    }
    return { kind: 'done', images }
  }

  async function run(job: BackendJob, hooks: RunHooks, signal: AbortSignal): Promise<RunOutcome> {
    let checkpoint: string
    let reply: BackendReply
    try {
      const built = await graphFor(job)
      checkpoint = built.checkpoint
      reply = await call('/prompt', { prompt: built.graph, client_id: options.clientId, prompt_id: job.taskId }, signal)
    } catch (error) {
      if (signal.aborted) throw error
      return { kind: 'failed', reason: (error as Error).message }
    }
    if (reply.status !== 200) return { kind: 'failed', reason: promptRefusal(where(), reply) }
    hooks.accepted()
    try {
      const followed = await follow(job, checkpoint, hooks, signal)
      return followed === 'nowhere' ? { kind: 'failed', reason: `${where()} dropped this job from its queue` } : followed
    } catch (error) {
      if (signal.aborted) throw error
      return { kind: 'failed', reason: (error as Error).message }
    }
  }

  async function reattach(job: BackendJob, acknowledged: boolean, hooks: RunHooks, signal: AbortSignal): Promise<Reattached> {
    const model = job.params.workflow ? null : job.params.model
    let unreachableSince: number | undefined
    for (;;) {
      let found: Whereabouts
      try {
        found = await whereabouts(job.taskId, signal)
      } catch (error) {
        if (signal.aborted) throw error
        unreachableSince ??= Date.now()
        // Whether ComfyUI ever got the prompt cannot be told, so it is not sent again: it fails and a retry is the user's call.
        if (Date.now() - unreachableSince > timing.generationMs) {
          return { kind: 'followed', outcome: { kind: 'failed', reason: `${(error as Error).message}, for ${seconds(timing.generationMs)} since the console restarted: whether it made this job is unknown, retry to make it` } }
        }
        hooks.progress({ percent: 0, step: null, steps: null, etaSeconds: null }, `${(error as Error).message}; will ask again`)
        await pause(timing.pollMs * 4, signal)
        continue
      }
      if (found.kind === 'nowhere') {
        if (!acknowledged) return { kind: 'unknown' }
        return { kind: 'followed', outcome: { kind: 'failed', reason: `${where()} no longer knows this job: did it restart while the console was stopped?` } }
      }
      hooks.accepted()
      const followed = await follow(job, model ?? null, hooks, signal)
      return { kind: 'followed', outcome: followed === 'nowhere' ? { kind: 'failed', reason: `${where()} dropped this job from its queue` } : followed }
    }
  }

  return {
    capacity: 2,
    run,
    reattach,
    async interrupt(job) {
      stopped.add(job.taskId)
      // Deleting from the queue and interrupting by prompt_id touch only this prompt, never another client's.
      await call('/queue', { delete: [job.taskId] })
      await call('/interrupt', { prompt_id: job.taskId })
    },
    models: checkpoints,
    async unreachable() {
      try {
        await queue()
        return undefined
      } catch (error) {
        return (error as Error).message
      }
    },
    async external(ownTaskIds) {
      const { running, pending } = await queue()
      const shown = (item: unknown[], state: ExternalJob['state']): ExternalJob[] => {
        const promptId = item[1]
        if (typeof promptId !== 'string' || ownTaskIds.has(promptId)) return []
        const { seed, ...params } = describeGraph(item[2])
        return [{ taskId: promptId, state, seed, progress: null, params: { ...params, seed, workflow: null } }]
      }
      const order = (item: unknown[]) => Number(item[0])
      return [...running.flatMap((item) => shown(item, 'running')), ...[...pending].sort((a, b) => order(a) - order(b)).flatMap((item) => shown(item, 'queued'))]
    },
    close: () => socket.close()
  }
}

/** ComfyUI's 400: `{error: {message, details}, node_errors: {id: {errors: [{message, details}], class_type}}}`. */
function promptRefusal(where: string, reply: BackendReply): string {
  let body: unknown
  try {
    body = JSON.parse(reply.body.toString('utf8'))
  } catch {
    return `${where} refused the job (HTTP ${reply.status})`
  }
  const error = isRecord(body) && isRecord(body['error']) ? body['error'] : {}
  const nodeErrors = isRecord(body) && isRecord(body['node_errors']) ? Object.entries(body['node_errors']) : []
  const details = nodeErrors.flatMap(([id, node]) =>
    isRecord(node) && Array.isArray(node['errors'])
      ? node['errors'].filter(isRecord).map((issue) => `node ${id} (${String(node['class_type'])}): ${String(issue['message'])}${issue['details'] ? ` ${String(issue['details'])}` : ''}`)
      : []
  )
  return `${where} refused the job: ${[String(error['message'] ?? `HTTP ${reply.status}`), ...details].join('; ')}`
}
