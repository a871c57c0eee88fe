import { randomBytes } from 'node:crypto'
import type { IncomingMessage, ServerResponse } from 'node:http'
import { readDictBody, readInternalProgressRequest, readJsonBody, readQueryBool, readTxt2ImgRequest, type Checked } from './a1111-request'
import { A1111Models, apiProgress, defaultA1111Checkpoints, internalProgress, SharedState, TaskList, type A1111Checkpoint } from './a1111-state'
import { runTxt2Img } from './a1111-txt2img'
import { sendException, sendHttpException, sendJson, sendValidationError } from './a1111-wire'
import { connectionFaulted, listenEmulator, type ConnectionFault } from './http-emulator'
import { pause, type JobFault } from './imagegen-steps'
import { readBody } from './ollama-wire'
import { pyRepr } from './python-json'

/**
 * AUTOMATIC1111's web UI started with --api, for the lab: txt2img behind its global queue lock,
 * /sdapi/v1/progress with live previews, interrupt, sd-models, options (switching the
 * checkpoint) and the UI's /internal/progress, answered as its FastAPI app does. Note what the
 * real /sdapi/v1/progress lacks: a current_task field; /internal/progress with the
 * force_task_id is how a client tells whether its job is the one running.
 */

export type { A1111Checkpoint } from './a1111-state'
export type { ConnectionFault } from './http-emulator'

export interface A1111EmulatorOptions {
  readonly host: string
  readonly port: number
  /** The first one is loaded at start. */
  readonly checkpoints?: readonly A1111Checkpoint[]
  /** 0.15 unless told. */
  readonly secondsPerStep?: number
  /** How long loading a checkpoint takes; 1 s unless told. */
  readonly loadSeconds?: number
  readonly version?: string
}

export interface A1111Emulator {
  /** http://host:port, as a user would configure it. */
  readonly url: string
  fault: ConnectionFault
  /** Read when a job takes the lock. */
  jobFault: JobFault
  close(): Promise<void>
}

interface A1111Server {
  readonly state: SharedState
  readonly tasks: TaskList
  readonly models: A1111Models
  readonly settings: Record<string, unknown>
  readonly lock: QueueLock
  readonly secondsPerStep: number
  readonly loadSeconds: number
  readonly version: string
  readonly closing: AbortSignal
  fault: ConnectionFault
  jobFault: JobFault
}

type Route = (server: A1111Server, request: IncomingMessage, response: ServerResponse, startedMs: number) => void | Promise<void>

/** modules/call_queue.py's queue_lock: one generation (or checkpoint load) at a time, in arrival order. */
class QueueLock {
  private tail: Promise<unknown> = Promise.resolve()

  run<T>(task: () => Promise<T>): Promise<T> {
    const result = this.tail.then(task)
    this.tail = result.catch(() => undefined)
    return result
  }
}

/** Options a client reads or sets; the real list has hundreds. */
const defaultSettings: Readonly<Record<string, unknown>> = {
  samples_save: true,
  samples_format: 'png',
  sd_vae: 'Automatic',
  CLIP_stop_at_last_layers: 1,
  live_previews_enable: true,
  live_previews_image_format: 'png',
  show_progress_grid: true,
  show_progress_every_n_steps: 10,
  show_progress_type: 'Approx NN',
  live_preview_content: 'Prompt',
  face_restoration: false,
  sd_checkpoint_cache: 0
}

const txt2img: Route = async (server, request, response, startedMs) => {
  const body = await readRequest(request, response, startedMs, readTxt2ImgRequest)
  if (!body) return
  const forced = body['force_task_id']
  const taskId = typeof forced === 'string' && forced !== '' ? forced : `task(txt2img-${randomTaskSuffix()})`
  server.tasks.add(taskId)
  const outcome = await server.lock.run(() =>
    runTxt2Img(
      {
        state: server.state,
        tasks: server.tasks,
        models: server.models,
        secondsPerStep: server.secondsPerStep,
        loadSeconds: server.loadSeconds,
        version: server.version,
        jobFault: server.jobFault,
        closing: server.closing
      },
      body,
      taskId
    )
  )
  if (outcome.kind === 'ok') sendJson(response, 200, outcome.body, startedMs)
  else if (outcome.kind === 'exception') sendException(response, outcome.name, outcome.message)
  else request.socket.destroy()
}

const progress: Route = (server, request, response, startedMs) => {
  const { state } = server
  const query = new URL(request.url ?? '/', 'http://a1111').searchParams.get('skip_current_image')
  const skip: Checked<boolean> = query === null ? { ok: true, value: false } : readQueryBool(query, 'skip_current_image')
  if (!skip.ok) return sendValidationError(response, skip.detail, startedMs)
  const figures = apiProgress(state, Date.now())
  if (state.jobCount !== 0) state.setCurrentImage(everyNSteps(server), server.settings['live_previews_enable'] === true)
  const image = state.jobCount !== 0 && !skip.value ? state.currentImage : undefined
  sendJson(
    response,
    200,
    { progress: figures.progress, eta_relative: figures.eta, state: state.dict(), current_image: image?.toString('base64') ?? null, textinfo: state.textinfo },
    startedMs
  )
}

/** modules/progress.py's progressapi, which the web UI polls with its task id. */
const internalProgressRoute: Route = async (server, request, response, startedMs) => {
  const body = await readRequest(request, response, startedMs, readInternalProgressRequest)
  if (!body) return
  const { state, tasks } = server
  const taskId = body['id_task']
  const active = taskId === tasks.current
  const queued = typeof taskId === 'string' && tasks.pending.has(taskId)
  const completed = typeof taskId === 'string' && tasks.finished.includes(taskId)
  if (!active) {
    const waiting = [...tasks.pending.entries()].sort(([, a], [, b]) => a - b).map(([id]) => id)
    const textinfo = queued ? `In queue: ${waiting.indexOf(String(taskId)) + 1}/${waiting.length}` : 'Waiting...'
    const reply = { active, queued, completed, progress: null, eta: null, live_preview: null, id_live_preview: -1, textinfo }
    return sendJson(response, 200, reply, startedMs)
  }
  const figures = internalProgress(state, Date.now())
  let livePreview: string | null = null
  let idLivePreview = body['id_live_preview']
  if (server.settings['live_previews_enable'] === true && body['live_preview'] !== false) {
    state.setCurrentImage(everyNSteps(server), true)
    if (state.idLivePreview !== idLivePreview && state.currentImage) {
      livePreview = `data:image/png;base64,${state.currentImage.toString('base64')}`
      idLivePreview = state.idLivePreview
    }
  }
  const reply = { active, queued, completed, progress: figures.progress, eta: figures.eta, live_preview: livePreview, id_live_preview: idLivePreview, textinfo: state.textinfo }
  sendJson(response, 200, reply, startedMs)
}

const interrupt: Route = (server, _request, response, startedMs) => {
  server.state.interrupted = true
  sendJson(response, 200, {}, startedMs)
}

const sdModels: Route = (server, _request, response, startedMs) => sendJson(response, 200, server.models.list(), startedMs)

const getOptions: Route = (server, _request, response, startedMs) => {
  const { models } = server
  sendJson(response, 200, { sd_model_checkpoint: models.title(models.loaded), sd_checkpoint_hash: models.loaded.sha256, ...server.settings }, startedMs)
}

/** set_config: an unknown checkpoint is a RuntimeError, an unknown option a KeyError; a switch waits for the lock. */
const setOptions: Route = async (server, request, response, startedMs) => {
  const body = await readRequest(request, response, startedMs, readDictBody)
  if (!body) return
  const wanted = body['sd_model_checkpoint']
  const checkpoint = typeof wanted === 'string' ? server.models.find(wanted) : undefined
  if (wanted !== undefined && wanted !== null && !checkpoint) return sendException(response, 'RuntimeError', `model ${pyRepr(String(wanted))} not found`)
  for (const [key, value] of Object.entries(body)) {
    if (key === 'sd_model_checkpoint' && checkpoint) {
      const loaded = await server.lock.run(async () => {
        if (checkpoint === server.models.loaded) return true
        if (!(await pause(server.loadSeconds, server.closing))) return false
        server.models.markLoaded(checkpoint)
        return true
      })
      if (!loaded) return void request.socket.destroy()
    } else if (Object.hasOwn(server.settings, key)) {
      server.settings[key] = value
    } else {
      return sendException(response, 'KeyError', pyRepr(key))
    }
  }
  sendJson(response, 200, null, startedMs)
}

const routes: ReadonlyMap<string, ReadonlyMap<string, Route>> = new Map([
  ['/sdapi/v1/txt2img', new Map([['POST', txt2img]])],
  ['/sdapi/v1/progress', new Map([['GET', progress]])],
  ['/sdapi/v1/interrupt', new Map([['POST', interrupt]])],
  ['/sdapi/v1/sd-models', new Map([['GET', sdModels]])],
  [
    '/sdapi/v1/options',
    new Map([
      ['GET', getOptions],
      ['POST', setOptions]
    ])
  ],
  ['/internal/progress', new Map([['POST', internalProgressRoute]])]
])

export async function startA1111Emulator(options: A1111EmulatorOptions): Promise<A1111Emulator> {
  const { host, port } = options
  const closing = new AbortController()
  const server: A1111Server = {
    state: new SharedState(),
    tasks: new TaskList(),
    models: new A1111Models(options.checkpoints ?? defaultA1111Checkpoints),
    settings: { ...defaultSettings },
    lock: new QueueLock(),
    secondsPerStep: options.secondsPerStep ?? 0.15,
    loadSeconds: options.loadSeconds ?? 1,
    version: options.version ?? 'v1.10.1',
    closing: closing.signal,
    fault: 'none',
    jobFault: 'none'
  }
  const http = await listenEmulator('A1111 emulator', host, port, (request, response) => {
    if (connectionFaulted(server.fault, request)) return
    const startedMs = performance.now()
    const methods = routes.get(new URL(request.url ?? '/', 'http://a1111').pathname)
    if (!methods) return sendHttpException(response, 404, 'Not Found', startedMs)
    const route = methods.get(request.method ?? '')
    if (!route) return sendHttpException(response, 405, 'Method Not Allowed', startedMs)
    return route(server, request, response, startedMs)
  })
  return {
    url: `http://${host}:${port}`,
    get fault() {
      return server.fault
    },
    set fault(fault: ConnectionFault) {
      server.fault = fault
    },
    get jobFault() {
      return server.jobFault
    },
    set jobFault(fault: JobFault) {
      server.jobFault = fault
    },
    close: async () => {
      closing.abort()
      await http.close()
    }
  }
}

/** Reads and validates a JSON body, answering FastAPI's 422 itself when it cannot. */
async function readRequest<T>(
  request: IncomingMessage,
  response: ServerResponse,
  startedMs: number,
  validate: (body: unknown) => Checked<T>
): Promise<T | undefined> {
  const json = readJsonBody(await readBody(request), request.headers['content-type'])
  const checked = json.ok ? validate(json.value) : json
  if (checked.ok) return checked.value
  sendValidationError(response, checked.detail, startedMs)
  return undefined
}

function everyNSteps(server: A1111Server): number {
  const every = server.settings['show_progress_every_n_steps']
  return typeof every === 'number' ? every : 10
}

/** progress.create_task_id: seven upper-case letters and digits. */
function randomTaskSuffix(): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789'
  return [...randomBytes(7)].map((byte) => alphabet[byte % alphabet.length]).join('')
}
