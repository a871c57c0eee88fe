import { randomUUID } from 'node:crypto'
import { readFile, stat } from 'node:fs/promises'
import type { IncomingMessage, ServerResponse } from 'node:http'
import { join, resolve, sep } from 'node:path'
import type { WebSocket } from 'ws'
import type { PromptExecutor } from './comfyui-executor'
import { objectInfo, type NodeClass } from './comfyui-nodes'
import type { PromptQueue } from './comfyui-queue'
import { validatePrompt, type ApiPrompt } from './comfyui-validate'
import { forbiddenOrigin, sendBody, sendEmpty, sendPythonJson, sendServerError } from './comfyui-wire'
import { connectionFaulted, type ConnectionFault } from './http-emulator'
import type { JobFault } from './imagegen-steps'
import { readBody } from './ollama-wire'
import { pyFloat, type PyFloat } from './python-json'

/**
 * ComfyUI's HTTP routes (server.py's PromptServer), each also under /api, behind its
 * origin_only_middleware; unknown paths and methods answered as aiohttp answers them.
 */

/** What the routes, the WebSocket and the prompt worker share. */
export interface ComfyServer {
  readonly classes: ReadonlyMap<string, NodeClass>
  readonly queue: PromptQueue
  readonly executor: PromptExecutor
  readonly outputDir: string
  readonly tempDir: string
  readonly inputDir: string
  readonly sockets: Map<string, WebSocket>
  /** server.send_sync: to one client, or to every client when sid is null. */
  readonly send: (event: string, data: unknown, sid: string | null) => void
  number: number
  fault: ConnectionFault
  jobFault: JobFault
}

type Route = (server: ComfyServer, request: IncomingMessage, response: ServerResponse, url: URL) => void | Promise<void>

/** A POST that needs a JSON body; request.json() failing is an unhandled exception, a 500. */
function withJson(handle: (server: ComfyServer, body: unknown, response: ServerResponse) => void): Route {
  return async (server, request, response) => {
    let body: unknown
    try {
      body = JSON.parse(await readBody(request))
    } catch {
      return sendServerError(response)
    }
    handle(server, body, response)
  }
}

const postPrompt = withJson((server, body, response) => {
  if (!isObject(body)) return sendServerError(response)
  if (!('prompt' in body)) {
    const error = { type: 'no_prompt', message: 'No prompt provided', details: 'No prompt provided', extra_info: {} }
    return sendPythonJson(response, 400, { error, node_errors: {} })
  }
  const outcome = enqueue(server, body)
  if (!outcome) return sendServerError(response)
  sendPythonJson(response, outcome.ok ? 200 : 400, outcome.body)
})

/** server.py's post_prompt after reading the body: undefined where ComfyUI would raise. */
export function enqueue(server: ComfyServer, body: Readonly<Record<string, unknown>>): { ok: boolean; body: Record<string, unknown> } | undefined {
  const prompt = body['prompt']
  if (!isObject(prompt) || !Object.values(prompt).every((node) => isObject(node) || typeof node === 'string')) return undefined
  let number: number | PyFloat
  if ('number' in body) {
    // float(json_data['number']): what it cannot convert raises.
    const given = Number(body['number'])
    if (!Number.isFinite(given)) return undefined
    number = pyFloat(given)
  } else {
    number = body['front'] ? -server.number : server.number
    server.number += 1
  }
  const graph = Object.fromEntries(Object.entries(prompt).map(([id, node]) => [id, isObject(node) ? node : {}])) as ApiPrompt
  const promptId = body['prompt_id'] !== undefined ? String(body['prompt_id']) : randomUUID()
  const validation = validatePrompt(graph, server.classes)
  if (!validation.ok) return { ok: false, body: { error: validation.error, node_errors: validation.nodeErrors } }
  const extraData: Record<string, unknown> = isObject(body['extra_data']) ? { ...body['extra_data'] } : {}
  if ('client_id' in body) extraData['client_id'] = body['client_id']
  extraData['create_time'] = Date.now()
  server.queue.put([number, promptId, graph, extraData, validation.outputs])
  return { ok: true, body: { prompt_id: promptId, number, node_errors: validation.nodeErrors } }
}

const getPromptInfo: Route = (server, _request, response) => sendPythonJson(response, 200, queueInfo(server))

const getQueue: Route = (server, _request, response) => {
  const { running, pending } = server.queue.current()
  sendPythonJson(response, 200, { queue_running: running, queue_pending: pending })
}

const postQueue = withJson((server, body, response) => {
  if (!isObject(body)) return sendServerError(response)
  if (body['clear']) server.queue.wipe()
  if (Array.isArray(body['delete'])) for (const id of body['delete']) server.queue.delete(String(id))
  sendEmpty(response, 200)
})

/** A prompt_id interrupts only that prompt, when it is the one running; none interrupts whatever runs. */
const postInterrupt: Route = async (server, request, response) => {
  let body: unknown
  try {
    body = JSON.parse(await readBody(request))
  } catch {
    // A body that is not JSON is an interrupt without a prompt_id.
    body = {}
  }
  const promptId = isObject(body) ? body['prompt_id'] : undefined
  if (!promptId || server.queue.current().running.some((item) => item[1] === promptId)) server.executor.interrupt()
  sendEmpty(response, 200)
}

const getHistory: Route = (server, _request, response, url) => {
  const maxItems = url.searchParams.get('max_items')
  if (maxItems !== null && !/^\s*[+-]?\d+\s*$/.test(maxItems)) return sendServerError(response)
  sendPythonJson(response, 200, server.queue.allHistory(maxItems === null ? undefined : Number(maxItems)))
}

const postHistory = withJson((server, body, response) => {
  if (!isObject(body)) return sendServerError(response)
  if (body['clear']) server.queue.wipeHistory()
  if (Array.isArray(body['delete'])) for (const id of body['delete']) server.queue.deleteHistory(String(id))
  sendEmpty(response, 200)
})

/** /view: "/" or ".." in the name is 400, an unknown type 400, a subfolder out of the folder 403. */
const view: Route = async (server, _request, response, url) => {
  const query = url.searchParams
  const name = query.get('filename')
  if (name === null) return sendEmpty(response, 404)
  if (name.startsWith('/') || name.includes('..')) return sendEmpty(response, 400)
  const folders: Readonly<Record<string, string>> = { output: server.outputDir, temp: server.tempDir, input: server.inputDir }
  const base = folders[query.get('type') ?? 'output']
  if (!base) return sendEmpty(response, 400)
  const folder = resolve(base, query.get('subfolder') ?? '')
  if (folder !== resolve(base) && !folder.startsWith(resolve(base) + sep)) return sendEmpty(response, 403)
  const file = join(folder, name.split('/').at(-1) ?? name)
  if (!(await stat(file).catch(() => undefined))?.isFile()) return sendEmpty(response, 404)
  const filename = file.split(sep).at(-1) ?? name
  sendBody(response, 200, await readFile(file), { 'content-type': filename.endsWith('.png') ? 'image/png' : 'application/octet-stream', 'content-disposition': `filename="${filename}"` })
}

const getObjectInfo: Route = (server, _request, response) =>
  sendPythonJson(response, 200, Object.fromEntries([...server.classes.values()].map((nodeClass) => [nodeClass.name, objectInfo(nodeClass)])))

const systemStats: Route = (_server, _request, response) =>
  sendPythonJson(response, 200, {
    system: {
      os: 'nt',
      ram_total: 34_276_438_016,
      ram_free: 20_134_170_624,
      comfyui_version: '0.3.60',
      required_frontend_version: '1.26.13',
      python_version: '3.12.10 (tags/v3.12.10:0cc8128, Apr  8 2025, 12:21:36) [MSC v.1943 64 bit (AMD64)]',
      pytorch_version: '2.8.0+cu128',
      embedded_python: true,
      argv: ['ComfyUI\\main.py', '--windows-standalone-build']
    },
    devices: [
      {
        name: 'cuda:0 NVIDIA GeForce RTX 3060 : cudaMallocAsync',
        type: 'cuda',
        index: 0,
        vram_total: 12_884_246_528,
        vram_free: 11_660_361_728,
        torch_vram_total: 0,
        torch_vram_free: 0
      }
    ]
  })

const index: Route = (_server, _request, response) =>
  sendBody(response, 200, Buffer.from('<!doctype html>\n<html><head><title>ComfyUI</title></head><body></body></html>\n'), {
    'content-type': 'text/html',
    'cache-control': 'no-cache'
  })

const routes: readonly (readonly [method: string, pattern: RegExp, route: Route])[] = [
  ['GET', /^\/$/, index],
  ['GET', /^\/prompt$/, getPromptInfo],
  ['POST', /^\/prompt$/, postPrompt],
  ['GET', /^\/queue$/, getQueue],
  ['POST', /^\/queue$/, postQueue],
  ['POST', /^\/interrupt$/, postInterrupt],
  ['GET', /^\/history$/, getHistory],
  ['POST', /^\/history$/, postHistory],
  ['GET', /^\/history\/[^/]+$/, (server, _request, response, url) => sendPythonJson(response, 200, server.queue.historyOf(lastSegment(url)))],
  ['GET', /^\/view$/, view],
  ['GET', /^\/object_info$/, getObjectInfo],
  [
    'GET',
    /^\/object_info\/[^/]+$/,
    (server, _request, response, url) => {
      const nodeClass = server.classes.get(lastSegment(url))
      sendPythonJson(response, 200, nodeClass ? { [nodeClass.name]: objectInfo(nodeClass) } : {})
    }
  ],
  ['GET', /^\/system_stats$/, systemStats]
]

export function handleRequest(server: ComfyServer, request: IncomingMessage, response: ServerResponse): void | Promise<void> {
  if (connectionFaulted(server.fault, request)) return
  if (forbiddenOrigin(request)) return sendEmpty(response, 403)
  if (request.method === 'OPTIONS') return sendEmpty(response, 200)
  const url = new URL(request.url ?? '/', 'http://comfyui')
  // Every route is also served under /api.
  const path = url.pathname.startsWith('/api/') ? url.pathname.slice('/api'.length) : url.pathname
  const matching = routes.filter(([, pattern]) => pattern.test(path))
  const route = matching.find(([method]) => method === request.method || (method === 'GET' && request.method === 'HEAD'))
  if (route) return route[2](server, request, response, url)
  if (matching.length > 0) {
    const allowed = [...new Set(matching.map(([method]) => method))]
    return sendBody(response, 405, Buffer.from('405: Method Not Allowed'), { 'content-type': 'text/plain; charset=utf-8', allow: allowed.join(',') })
  }
  sendBody(response, 404, Buffer.from('404: Not Found'), { 'content-type': 'text/plain; charset=utf-8' })
}

export function queueInfo(server: ComfyServer): Record<string, unknown> {
  return { exec_info: { queue_remaining: server.queue.remaining() } }
}

function lastSegment(url: URL): string {
  return decodeURIComponent(url.pathname.split('/').at(-1) ?? '')
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
