import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { Socket } from 'node:net'

/**
 * The seed's own image worker (a Flask app on the GPU PC) for the lab: /health and /metrics,
 * answered as Flask's jsonify and Werkzeug's error pages do. Its routes sit in one table so the
 * generate and callback API can join it.
 */

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

/** none | never answer | 503 as Werkzeug words it | a JSON reply that is not the worker's. */
export type WorkerFault = 'none' | 'hang' | '503' | 'garbage'

export interface ImagegenWorkerOptions {
  readonly host: string
  readonly port: number
  readonly health?: Partial<WorkerHealth>
  readonly metrics?: Partial<WorkerMetrics>
  /** /metrics sits in the seed's monitoring section; a worker deployed without it answers 404. */
  readonly withMetrics?: boolean
}

export interface ImagegenWorker {
  /** http://host:port, the worker's base URL. */
  readonly url: string
  fault: WorkerFault
  setHealth(change: Partial<WorkerHealth>): void
  setMetrics(change: Partial<WorkerMetrics>): void
  close(): Promise<void>
}

interface WorkerState {
  health: WorkerHealth
  metrics: WorkerMetrics
  fault: WorkerFault
}

type Route = (state: WorkerState, request: IncomingMessage, response: ServerResponse) => void

/** The worker's routes by path, then method. */
type RouteTable = ReadonlyMap<string, ReadonlyMap<string, Route>>

const defaultHealth: WorkerHealth = { status: 'healthy', gpu_available: true, model_loaded: true }
const defaultMetrics: WorkerMetrics = { gpu_temperature: 62, gpu_utilization: 35, memory_usage: 41.5, active_generations: 1, queue_length: 2 }

/** Werkzeug's descriptions, word for word. */
const notFoundText = 'The requested URL was not found on the server. If you entered the URL manually please check your spelling and try again.'
const notAllowedText = 'The method is not allowed for the requested URL.'
const unavailableText =
  'The server is temporarily unable to service your request due to maintenance downtime or capacity problems. Please try again later.'
/** Some other JSON service on the worker's port. */
const garbageReply = { message: 'Welcome', ok: true }

function routeTable(withMetrics: boolean): RouteTable {
  const health: Route = (state, _request, response) => sendJson(response, 200, state.health)
  const metrics: Route = (state, _request, response) => sendJson(response, 200, state.metrics)
  return new Map([
    ['/health', getRoute(health)],
    ...(withMetrics ? [['/metrics', getRoute(metrics)] as const] : [])
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
  const state: WorkerState = {
    health: { ...defaultHealth, ...options.health },
    metrics: { ...defaultMetrics, ...options.metrics },
    fault: 'none'
  }
  const routes = routeTable(options.withMetrics ?? true)
  const sockets = new Set<Socket>()
  const server = createServer((request, response) => handle(state, routes, request, response))
  server.on('connection', (socket) => {
    sockets.add(socket)
    socket.once('close', () => sockets.delete(socket))
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error) => reject(new Error(`image worker emulator on ${host}:${port}: ${error.message}`)))
    server.listen(port, host, resolve)
  })
  return {
    url: `http://${host}:${port}`,
    get fault() {
      return state.fault
    },
    set fault(fault: WorkerFault) {
      state.fault = fault
    },
    setHealth(change) {
      state.health = { ...state.health, ...change }
    },
    setMetrics(change) {
      state.metrics = { ...state.metrics, ...change }
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy()
        server.close(() => resolve())
      })
  }
}

function handle(state: WorkerState, routes: RouteTable, request: IncomingMessage, response: ServerResponse): void {
  switch (state.fault) {
    case 'hang':
      return
    case '503':
      return sendErrorPage(response, 503, 'Service Unavailable', unavailableText)
    case 'garbage':
      return sendJson(response, 200, garbageReply)
    case 'none': {
      const methods = routes.get(new URL(request.url ?? '/', 'http://worker').pathname)
      if (!methods) return sendErrorPage(response, 404, 'Not Found', notFoundText)
      const route = methods.get(request.method ?? '')
      if (route) return route(state, request, response)
      response.setHeader('allow', [...methods.keys(), 'OPTIONS'].join(', '))
      return sendErrorPage(response, 405, 'Method Not Allowed', notAllowedText)
    }
  }
}

/** Flask's jsonify outside debug mode: sorted keys, no spaces, ASCII only, one newline. */
function sendJson(response: ServerResponse, status: number, value: unknown): void {
  const compact = JSON.stringify(withSortedKeys(value))
  const body = `${compact.replace(/[\u0080-\uffff]/g, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`)}\n`
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

/** Werkzeug's HTTPException page. */
function sendErrorPage(response: ServerResponse, status: number, name: string, description: string): void {
  const body = `<!doctype html>\n<html lang=en>\n<title>${status} ${name}</title>\n<h1>${name}</h1>\n<p>${description}</p>\n`
  response.writeHead(status, { 'content-type': 'text/html; charset=utf-8', 'content-length': Buffer.byteLength(body) }).end(body)
}
