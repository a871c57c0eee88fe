import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { Socket } from 'node:net'
import { chatRoute, generateRoute } from './ollama-generate'
import { layersOf, modelKey, type OllamaModel } from './ollama-model'
import { deleteRoute, pullRoute } from './ollama-pull'
import { defaultContextLength, defaultExpiryNs, OllamaRunners, QueueFullError, type Runner } from './ollama-runners'
import { showResponse } from './ollama-show'
import { findInstalled, type InstalledModel, type OllamaFault, type OllamaState } from './ollama-state'
import { bindJson, dateToNs, goTime, nowNs, readBody, sendError, sendJson, sendText } from './ollama-wire'

/**
 * An Ollama server for the lab, answering as Ollama's Go server does (Gin, encoding/json): same
 * routes, field order, content types, error bodies and streaming. It holds models on "disk", a
 * library it can pull from, and which models are loaded; see the ollama-*.ts files for each part.
 */

export { emulatedAnswer, emulatedCompletion, tokenize, type AnswerSettings, type EmulatedCompletion } from './ollama-answer'
export { midStreamErrorMessage } from './ollama-generate'
export type { OllamaLayer, OllamaModel, OllamaModelDetails } from './ollama-model'
export { pullMidStreamErrorMessage } from './ollama-pull'
export type { OllamaFault } from './ollama-state'

/** A model held in memory, as /api/ps lists it. */
export interface LoadedOllamaModel {
  /** One of the server's models. */
  readonly name: string
  /** Bytes held in memory; the model's file size when absent. */
  readonly size?: number
  /** Bytes of `size` held on the GPU; all of it when absent. */
  readonly size_vram?: number
  readonly context_length?: number
  /** When Ollama unloads it; five minutes (its default keep_alive) from now when absent. */
  readonly expires_at?: Date
}

export interface OllamaEmulatorOptions {
  readonly host: string
  readonly port: number
  readonly version?: string
  readonly models?: readonly OllamaModel[]
  readonly loaded?: readonly LoadedOllamaModel[]
  /** Models /api/pull can fetch; a name not here gets Ollama's "file does not exist". */
  readonly library?: readonly OllamaModel[]
  /** Generation speed of models that name none; 50 unless told. */
  readonly tokensPerSecond?: number
  /** How fast prompts are read; 500 tokens/s unless told. */
  readonly promptTokensPerSecond?: number
  /** Loading reads the model file at this rate; 2 GB/s unless told. */
  readonly loadBytesPerSecond?: number
  /** Download rate of pulls; 100 MB/s unless told. */
  readonly pullBytesPerSecond?: number
  /** A pull hashes the layers it downloaded at this rate, silently, before it writes the manifest; loadBytesPerSecond unless told. */
  readonly verifyBytesPerSecond?: number
  /** GPU memory for the models it loads; everything fits when absent, 0 for a CPU-only machine. */
  readonly vramBytes?: number
  /** Requests waiting for a busy model past which it answers 503 (OLLAMA_MAX_QUEUE); 512 unless told. */
  readonly maxQueue?: number
  /** Lines a stream sends before a `drop` or `error-mid-stream` fault strikes; 5 unless told. */
  readonly faultAfterChunks?: number
}

/** One request as the emulator received it, for tests to check what a client sent. */
export interface RecordedOllamaRequest {
  readonly method: string
  readonly path: string
  /** The parsed JSON body; the raw text when it was not JSON; undefined when empty. */
  readonly body: unknown
}

export interface OllamaEmulator {
  /** http://host:port, as a user would configure it. */
  readonly url: string
  /** Read when a request arrives: a stream keeps the fault it started with. */
  fault: OllamaFault
  faultAfterChunks: number
  /** The requests received, oldest first; the last 10,000 in a long-running lab. */
  readonly requests: readonly RecordedOllamaRequest[]
  /** Makes exactly these models loaded, as if they had been run. */
  setLoaded(loaded: readonly LoadedOllamaModel[]): void
  close(): Promise<void>
}

/** An Apache default page, as when another web server holds Ollama's port. */
const garbageBody = '<html><body><h1>It works!</h1></body></html>\n'
/** A lab polled for days keeps a bounded record. */
const maxRecordedRequests = 10_000
/** Gin's body and content type for a route it does not know; a wrong method is also 404. */
const notFoundBody = '404 page not found'

type Route = (state: OllamaState, body: string, response: ServerResponse, startedHr: bigint) => void | Promise<void>

const isRunning: Route = (_state, _body, response) => sendText(response, 200, 'Ollama is running')
const version: Route = (state, _body, response) => sendJson(response, 200, { version: state.version })
const tags: Route = (state, _body, response) => sendJson(response, 200, { models: listed(state).map(listEntry) })
const ps: Route = (state, _body, response) => sendJson(response, 200, { models: state.runners.list().map(processEntry) })

const show: Route = (state, text, response) => {
  const bound = bindJson(text, 'ShowRequest', { model: 'string', name: 'string', verbose: 'bool' })
  if (!bound.ok) return sendError(response, 400, bound.error)
  const name = [bound.body['model'], bound.body['name']].find((value): value is string => typeof value === 'string' && value !== '')
  if (name === undefined) return sendError(response, 400, 'model is required')
  const installed = findInstalled(state, name)
  if (!installed) return sendError(response, 404, `model '${name}' not found`)
  sendJson(response, 200, showResponse(installed.model, installed.modifiedAtNs))
}

/** Ollama's routes by "METHOD /path"; it answers HEAD where a client checks that it is there. */
const routes: Readonly<Record<string, Route>> = {
  'GET /': isRunning,
  'HEAD /': isRunning,
  'GET /api/version': version,
  'HEAD /api/version': version,
  'GET /api/tags': tags,
  'HEAD /api/tags': tags,
  'GET /api/ps': ps,
  'POST /api/show': show,
  'POST /api/chat': chatRoute,
  'POST /api/generate': generateRoute,
  'POST /api/pull': pullRoute,
  'DELETE /api/delete': deleteRoute
}

export async function startOllamaEmulator(options: OllamaEmulatorOptions): Promise<OllamaEmulator> {
  const { host, port } = options
  const closing = new AbortController()
  const startedNs = nowNs()
  const models = options.models ?? []
  const loadBytesPerSecond = options.loadBytesPerSecond ?? 2e9
  const state: OllamaState = {
    version: options.version ?? '0.12.6',
    installed: new Map(models.map((model) => [modelKey(model.name), { model, modifiedAtNs: startedNs }])),
    library: options.library ?? [],
    blobs: new Set(models.flatMap((model) => layersOf(model).map((layer) => layer.digest))),
    runners: new OllamaRunners({
      loadBytesPerSecond,
      vramBytes: options.vramBytes,
      maxQueue: options.maxQueue ?? 512,
      closing: closing.signal
    }),
    tokensPerSecond: options.tokensPerSecond ?? 50,
    promptTokensPerSecond: options.promptTokensPerSecond ?? 500,
    pullBytesPerSecond: options.pullBytesPerSecond ?? 100e6,
    verifyBytesPerSecond: options.verifyBytesPerSecond ?? loadBytesPerSecond,
    closing: closing.signal,
    fault: 'none',
    faultAfterChunks: options.faultAfterChunks ?? 5
  }
  state.runners.replace(resolveLoaded(state, options.loaded ?? []))
  const requests: RecordedOllamaRequest[] = []
  const sockets = new Set<Socket>()
  const server = createServer((request, response) => {
    handle(state, requests, request, response).catch((error: unknown) => {
      if (!response.headersSent) sendError(response, 500, error instanceof Error ? error.message : String(error))
      else response.destroy()
    })
  })
  server.on('connection', (socket) => {
    sockets.add(socket)
    socket.once('close', () => sockets.delete(socket))
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error) => reject(new Error(`ollama emulator on ${host}:${port}: ${error.message}`)))
    server.listen(port, host, resolve)
  })
  return {
    url: `http://${host}:${port}`,
    get fault() {
      return state.fault
    },
    set fault(fault: OllamaFault) {
      state.fault = fault
    },
    get faultAfterChunks() {
      return state.faultAfterChunks
    },
    set faultAfterChunks(count: number) {
      state.faultAfterChunks = count
    },
    requests,
    setLoaded(loaded) {
      state.runners.replace(resolveLoaded(state, loaded))
    },
    close: () =>
      new Promise<void>((resolve) => {
        closing.abort(new Error('the Ollama emulator closed'))
        state.runners.close()
        for (const socket of sockets) socket.destroy()
        server.close(() => resolve())
      })
  }
}

async function handle(state: OllamaState, requests: RecordedOllamaRequest[], request: IncomingMessage, response: ServerResponse): Promise<void> {
  const startedHr = process.hrtime.bigint()
  const path = new URL(request.url ?? '/', 'http://ollama').pathname
  const body = await readBody(request)
  requests.push({ method: request.method ?? '', path, body: parsedBody(body) })
  if (requests.length > maxRecordedRequests) requests.shift()
  switch (state.fault) {
    case 'hang':
      return
    case '503':
      return sendError(response, 503, new QueueFullError().message)
    case 'garbage':
      response.writeHead(200, { 'content-type': 'text/html', 'content-length': Buffer.byteLength(garbageBody) }).end(garbageBody)
      return
    default: {
      const route = routes[`${request.method} ${path}`]
      if (route) return route(state, body, response, startedHr)
      response.writeHead(404, { 'content-type': 'text/plain', 'content-length': notFoundBody.length }).end(notFoundBody)
    }
  }
}

function parsedBody(text: string): unknown {
  if (text === '') return undefined
  try {
    return JSON.parse(text)
  } catch {
    return text
  }
}

function resolveLoaded(state: OllamaState, loaded: readonly LoadedOllamaModel[]): Runner[] {
  return loaded.map((entry) => {
    const installed = findInstalled(state, entry.name)
    if (!installed) throw new Error(`ollama emulator: cannot load "${entry.name}", the server has no such model`)
    const size = entry.size ?? installed.model.size
    return {
      model: installed.model,
      size,
      sizeVram: entry.size_vram ?? size,
      contextLength: entry.context_length ?? defaultContextLength,
      expiresAtNs: entry.expires_at ? dateToNs(entry.expires_at) : defaultExpiryNs()
    }
  })
}

/** As /api/tags orders them: last modified first. */
function listed(state: OllamaState): InstalledModel[] {
  const seconds = (entry: InstalledModel) => entry.modifiedAtNs / 1_000_000_000n
  return [...state.installed.values()].sort((a, b) => (seconds(a) === seconds(b) ? 0 : seconds(a) > seconds(b) ? -1 : 1))
}

/** api.ModelDetails, in its field order. */
function detailsOf(model: OllamaModel) {
  const { details } = model
  return {
    parent_model: '',
    format: details.format,
    family: details.family,
    families: [details.family],
    parameter_size: details.parameter_size,
    quantization_level: details.quantization_level
  }
}

/** api.ListModelResponse, in its field order. */
function listEntry({ model, modifiedAtNs }: InstalledModel) {
  return {
    name: model.name,
    model: model.name,
    modified_at: goTime(modifiedAtNs),
    size: model.size,
    digest: model.digest,
    details: detailsOf(model)
  }
}

/** api.ProcessModelResponse, in its field order. */
function processEntry(runner: Runner) {
  return {
    name: runner.model.name,
    model: runner.model.name,
    size: runner.size,
    digest: runner.model.digest,
    details: detailsOf(runner.model),
    expires_at: goTime(runner.expiresAtNs),
    size_vram: runner.sizeVram,
    context_length: runner.contextLength
  }
}
