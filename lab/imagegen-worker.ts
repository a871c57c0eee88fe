import type { IncomingMessage, ServerResponse } from 'node:http'
import { mkdir, mkdtemp, readFile, rm, stat } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve, sep } from 'node:path'
import type { JobFault } from './imagegen-steps'
import { WorkerJobs } from './imagegen-worker-jobs'
import { listenEmulator } from './http-emulator'
import { readBody } from './ollama-wire'
import { pyJson } from './python-json'

/**
 * The seed's own image worker (a Flask app on the GPU PC) for the lab: /health, /metrics,
 * POST /api/generate with its callbacks and GET /generated/<file>, answered as Flask's jsonify,
 * send_from_directory and Werkzeug's error pages do. Generations run one at a time (see
 * imagegen-worker-jobs.ts); /metrics counts them unless a test pins the figures.
 */

export type { JobFault } from './imagegen-steps'

/** GET /health of the worker. */
export interface WorkerHealth {
  readonly status: string
  readonly gpu_available: boolean
  readonly model_loaded: boolean
}

/** GET /metrics of the worker; a PC without a readable GPU sensor reports null. */
export interface WorkerMetrics {
  /** °C */
  readonly gpu_temperature: number | null
  /** % */
  readonly gpu_utilization: number | null
  /** % */
  readonly memory_usage: number | null
  readonly active_generations: number
  readonly queue_length: number
}

/** none | never answer | 503 as Werkzeug words it | a JSON reply that is not the worker's | connection destroyed. */
export type WorkerFault = 'none' | 'hang' | '503' | 'garbage' | 'drop'

export interface ImagegenWorkerOptions {
  readonly host: string
  readonly port: number
  readonly health?: Partial<WorkerHealth>
  /** Readings to pin; active_generations and queue_length follow the queue unless pinned. */
  readonly metrics?: Partial<WorkerMetrics>
  /** /metrics sits in the seed's monitoring section; a worker deployed without it answers 404. */
  readonly withMetrics?: boolean
  /** Where generated/<task_id>.png go; a temporary folder, removed on close, unless told. */
  readonly outputDir?: string
  /** 0.15 unless told: 20 steps take 3 s. */
  readonly secondsPerStep?: number
  /** metadata.model_used; "stable-diffusion-v1-5" as the seed loads. */
  readonly model?: string
  /** How long a callback may take before the worker gives up on it; 10 s unless told. */
  readonly callbackTimeoutMs?: number
  /** Where failed generations and callbacks are reported; console.warn unless told. */
  readonly log?: (line: string) => void
}

export interface ImagegenWorker {
  /** http://host:port, the worker's base URL. */
  readonly url: string
  readonly outputDir: string
  fault: WorkerFault
  /** Read when a generation starts. */
  jobFault: JobFault
  setHealth(change: Partial<WorkerHealth>): void
  /** Pins readings; a pinned active_generations or queue_length no longer follows the queue. */
  setMetrics(change: Partial<WorkerMetrics>): void
  close(): Promise<void>
}

interface WorkerState {
  health: WorkerHealth
  metrics: Partial<WorkerMetrics>
  fault: WorkerFault
  jobFault: JobFault
  readonly jobs: WorkerJobs
  readonly outputDir: string
}

type Route = (state: WorkerState, request: IncomingMessage, response: ServerResponse) => void | Promise<void>

/** The worker's routes by path, then method. */
type RouteTable = ReadonlyMap<string, ReadonlyMap<string, Route>>

const defaultHealth: WorkerHealth = { status: 'healthy', gpu_available: true, model_loaded: true }
const defaultReadings: Partial<WorkerMetrics> = { gpu_temperature: 62, gpu_utilization: 35, memory_usage: 41.5 }

/** Werkzeug's descriptions, word for word. */
const notFoundText = 'The requested URL was not found on the server. If you entered the URL manually please check your spelling and try again.'
const notAllowedText = 'The method is not allowed for the requested URL.'
const unavailableText =
  'The server is temporarily unable to service your request due to maintenance downtime or capacity problems. Please try again later.'
const badRequestText = 'The browser (or proxy) sent a request that this server could not understand.'
const notJsonText = "Did not attempt to load JSON data because the request Content-Type was not 'application/json'."
const internalErrorText =
  'The server encountered an internal error and was unable to complete your request. Either the server is overloaded or there is an error in the application.'
/** Some other JSON service on the worker's port. */
const garbageReply = { message: 'Welcome', ok: true }
/** Flask serves generated files under this route, send_from_directory's <path:filename>. */
const generatedPrefix = '/generated/'

const health: Route = (state, _request, response) => sendJson(response, 200, state.health)

const metrics: Route = (state, _request, response) =>
  sendJson(response, 200, { active_generations: state.jobs.activeGenerations, queue_length: state.jobs.queueLength, ...state.metrics })

/** The seed's generate_image: request.json, a thread started, an answer at once. */
const generate: Route = async (state, request, response) => {
  if (!isJsonType(request.headers['content-type'])) return sendErrorPage(response, 415, 'Unsupported Media Type', notJsonText)
  let data: unknown
  try {
    data = JSON.parse(await readBody(request))
  } catch {
    return sendErrorPage(response, 400, 'Bad Request', badRequestText)
  }
  // data.get on anything but a dict raises, and Flask answers 500.
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return sendErrorPage(response, 500, 'Internal Server Error', internalErrorText)
  const fields = data as Readonly<Record<string, unknown>>
  state.jobs.submit(fields)
  sendJson(response, 200, { task_id: fields['task_id'] ?? null, status: 'processing', message: 'Generation started' })
}

function routeTable(withMetrics: boolean): RouteTable {
  return new Map([
    ['/health', getRoute(health)],
    ...(withMetrics ? [['/metrics', getRoute(metrics)] as const] : []),
    ['/api/generate', new Map([['POST', generate]])]
  ])
}

/** Flask answers HEAD for every GET route. */
function getRoute(route: Route): ReadonlyMap<string, Route> {
  return new Map([
    ['GET', route],
    ['HEAD', route]
  ])
}

export async function startImagegenWorker(options: ImagegenWorkerOptions): Promise<ImagegenWorker> {
  const { host, port } = options
  const url = `http://${host}:${port}`
  const ownsOutputDir = options.outputDir === undefined
  const outputDir = options.outputDir ?? (await mkdtemp(join(tmpdir(), 'imagegen-worker-')))
  await mkdir(outputDir, { recursive: true })
  const closing = new AbortController()
  const state: WorkerState = {
    health: { ...defaultHealth, ...options.health },
    metrics: { ...defaultReadings, ...options.metrics },
    fault: 'none',
    jobFault: 'none',
    outputDir,
    jobs: new WorkerJobs({
      baseUrl: url,
      outputDir,
      secondsPerStep: options.secondsPerStep ?? 0.15,
      model: options.model ?? 'stable-diffusion-v1-5',
      callbackTimeoutMs: options.callbackTimeoutMs ?? 10_000,
      log: options.log ?? ((line) => console.warn(line)),
      jobFault: () => state.jobFault,
      closing: closing.signal
    })
  }
  const routes = routeTable(options.withMetrics ?? true)
  const server = await listenEmulator('image worker emulator', host, port, (request, response) => handle(state, routes, request, response)).catch(
    async (error: unknown) => {
      if (ownsOutputDir) await rm(outputDir, { recursive: true, force: true })
      throw error
    }
  )
  return {
    url,
    outputDir,
    get fault() {
      return state.fault
    },
    set fault(fault: WorkerFault) {
      state.fault = fault
    },
    get jobFault() {
      return state.jobFault
    },
    set jobFault(fault: JobFault) {
      state.jobFault = fault
    },
    setHealth(change) {
      state.health = { ...state.health, ...change }
    },
    setMetrics(change) {
      state.metrics = { ...state.metrics, ...change }
    },
    close: async () => {
      closing.abort()
      await server.close()
      if (ownsOutputDir) await rm(outputDir, { recursive: true, force: true })
    }
  }
}

async function handle(state: WorkerState, routes: RouteTable, request: IncomingMessage, response: ServerResponse): Promise<void> {
  switch (state.fault) {
    case 'hang':
      return
    case 'drop':
      request.socket.destroy()
      return
    case '503':
      return sendErrorPage(response, 503, 'Service Unavailable', unavailableText)
    case 'garbage':
      return sendJson(response, 200, garbageReply)
    case 'none': {
      const path = new URL(request.url ?? '/', 'http://worker').pathname
      if (path.startsWith(generatedPrefix)) return serveGenerated(state.outputDir, path.slice(generatedPrefix.length), request, response)
      const methods = routes.get(path)
      if (!methods) return sendErrorPage(response, 404, 'Not Found', notFoundText)
      const route = methods.get(request.method ?? '')
      if (route) return route(state, request, response)
      return sendNotAllowed(response, [...methods.keys()])
    }
  }
}

/** send_from_directory: safe_join refuses a path out of the folder, a missing file is 404. */
async function serveGenerated(outputDir: string, encoded: string, request: IncomingMessage, response: ServerResponse): Promise<void> {
  if (request.method !== 'GET' && request.method !== 'HEAD') return sendNotAllowed(response, ['GET', 'HEAD'])
  let name: string
  try {
    name = decodeURIComponent(encoded)
  } catch {
    return sendErrorPage(response, 404, 'Not Found', notFoundText)
  }
  const path = resolve(outputDir, name)
  if (!path.startsWith(resolve(outputDir) + sep)) return sendErrorPage(response, 404, 'Not Found', notFoundText)
  const info = await stat(path).catch(() => undefined)
  if (!info?.isFile()) return sendErrorPage(response, 404, 'Not Found', notFoundText)
  const bytes = await readFile(path)
  response
    .writeHead(200, {
      'content-type': name.endsWith('.png') ? 'image/png' : 'application/octet-stream',
      'content-length': bytes.length,
      'last-modified': info.mtime.toUTCString(),
      'cache-control': 'no-cache'
    })
    .end(bytes)
}

function isJsonType(contentType: string | undefined): boolean {
  const mimetype = (contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? ''
  return mimetype === 'application/json' || (mimetype.startsWith('application/') && mimetype.endsWith('+json'))
}

/** Flask's jsonify outside debug mode: sorted keys, no spaces, ASCII only, one newline. */
function sendJson(response: ServerResponse, status: number, value: unknown): void {
  const body = `${pyJson(withSortedKeys(value), { compact: true })}\n`
  response.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) }).end(body)
}

function withSortedKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withSortedKeys)
  if (value === null || typeof value !== 'object') return value
  return Object.fromEntries(
    Object.entries(value)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([key, item]) => [key, withSortedKeys(item)])
  )
}

function sendNotAllowed(response: ServerResponse, methods: readonly string[]): void {
  response.setHeader('allow', [...methods, 'OPTIONS'].join(', '))
  sendErrorPage(response, 405, 'Method Not Allowed', notAllowedText)
}

/** Werkzeug's HTTPException page. */
function sendErrorPage(response: ServerResponse, status: number, name: string, description: string): void {
  const body = `<!doctype html>\n<html lang=en>\n<title>${status} ${name}</title>\n<h1>${name}</h1>\n<p>${description}</p>\n`
  response.writeHead(status, { 'content-type': 'text/html; charset=utf-8', 'content-length': Buffer.byteLength(body) }).end(body)
}
