import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { Socket } from 'node:net'

/**
 * An Ollama server for the lab, answering as Ollama's Go server does (Gin, encoding/json):
 * same routes, field order, content types and error bodies. It holds models and which of them
 * are loaded; the chat, generate and pull routes join the same route table later.
 */

export interface OllamaModelDetails {
  readonly family: string
  readonly parameter_size: string
  readonly quantization_level: string
  readonly format: string
}

/** A model on the server's disk, as /api/tags lists it. */
export interface OllamaModel {
  readonly name: string
  readonly size: number
  readonly digest: string
  readonly details: OllamaModelDetails
}

/** A model held in memory, as /api/ps lists it. */
export interface LoadedOllamaModel {
  /** One of the server's models. */
  readonly name: string
  /** Bytes held in memory, weights plus context; the model's file size when absent. */
  readonly size?: number
  /** Bytes of `size` held on the GPU; all of it when absent. */
  readonly size_vram?: number
  readonly context_length?: number
  /** When Ollama unloads it; five minutes (its default keep_alive) from now when absent. */
  readonly expires_at?: Date
}

/** none | never answer | 503 "server busy" as a full queue gives | a reply that is not Ollama's. */
export type OllamaFault = 'none' | 'hang' | '503' | 'garbage'

export interface OllamaEmulatorOptions {
  readonly host: string
  readonly port: number
  readonly version?: string
  readonly models?: readonly OllamaModel[]
  readonly loaded?: readonly LoadedOllamaModel[]
}

export interface OllamaEmulator {
  /** http://host:port, as a user would configure it. */
  readonly url: string
  fault: OllamaFault
  /** Makes exactly these models loaded, as if they had been run. */
  setLoaded(loaded: readonly LoadedOllamaModel[]): void
  close(): Promise<void>
}

/** ErrMaxQueue in Ollama's scheduler, two spaces included. */
const busyMessage = 'server busy, please try again.  maximum pending requests exceeded'
const defaultKeepAliveMs = 5 * 60_000
const defaultContextLength = 4096
/** Gin's body and content type for a route it does not know; a wrong method is also 404. */
const notFoundBody = '404 page not found'
/** An Apache default page, as when another web server holds Ollama's port. */
const garbageBody = '<html><body><h1>It works!</h1></body></html>\n'

interface LoadedEntry {
  readonly model: OllamaModel
  readonly size: number
  readonly sizeVram: number
  readonly contextLength: number
  readonly expiresAt: Date
}

interface OllamaState {
  readonly version: string
  readonly models: readonly OllamaModel[]
  /** Ollama reports when a model was last written; the lab's were all "pulled" at start. */
  readonly modifiedAt: Date
  loaded: readonly LoadedEntry[]
  fault: OllamaFault
}

type Route = (state: OllamaState, request: IncomingMessage, response: ServerResponse) => void

const isRunning: Route = (_state, _request, response) => sendText(response, 200, 'Ollama is running')
const version: Route = (state, _request, response) => sendJson(response, 200, { version: state.version })
const tags: Route = (state, _request, response) => sendJson(response, 200, { models: state.models.map((model) => listEntry(state, model)) })
const ps: Route = (state, _request, response) => sendJson(response, 200, { models: state.loaded.map(processEntry) })

/** Ollama's routes by "METHOD /path"; it answers HEAD where a client checks that it is there. */
const routes: Readonly<Record<string, Route>> = {
  'GET /': isRunning,
  'HEAD /': isRunning,
  'GET /api/version': version,
  'HEAD /api/version': version,
  'GET /api/tags': tags,
  'HEAD /api/tags': tags,
  'GET /api/ps': ps
}

export async function startOllamaEmulator(options: OllamaEmulatorOptions): Promise<OllamaEmulator> {
  const { host, port } = options
  const state: OllamaState = { version: options.version ?? '0.12.6', models: options.models ?? [], modifiedAt: new Date(), loaded: [], fault: 'none' }
  state.loaded = resolveLoaded(state.models, options.loaded ?? [])
  const sockets = new Set<Socket>()
  const server = createServer((request, response) => handle(state, request, response))
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
    setLoaded(loaded) {
      state.loaded = resolveLoaded(state.models, loaded)
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy()
        server.close(() => resolve())
      })
  }
}

function handle(state: OllamaState, request: IncomingMessage, response: ServerResponse): void {
  switch (state.fault) {
    case 'hang':
      return
    case '503':
      return sendJson(response, 503, { error: busyMessage })
    case 'garbage':
      response.writeHead(200, { 'content-type': 'text/html', 'content-length': Buffer.byteLength(garbageBody) }).end(garbageBody)
      return
    case 'none': {
      const path = new URL(request.url ?? '/', 'http://ollama').pathname
      const route = routes[`${request.method} ${path}`]
      if (route) route(state, request, response)
      else response.writeHead(404, { 'content-type': 'text/plain', 'content-length': notFoundBody.length }).end(notFoundBody)
    }
  }
}

function resolveLoaded(models: readonly OllamaModel[], loaded: readonly LoadedOllamaModel[]): LoadedEntry[] {
  return loaded.map((entry) => {
    const model = models.find((candidate) => candidate.name === entry.name)
    if (!model) throw new Error(`ollama emulator: cannot load "${entry.name}", the server has no such model`)
    const size = entry.size ?? model.size
    return {
      model,
      size,
      sizeVram: entry.size_vram ?? size,
      contextLength: entry.context_length ?? defaultContextLength,
      expiresAt: entry.expires_at ?? new Date(Date.now() + defaultKeepAliveMs)
    }
  })
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
function listEntry(state: OllamaState, model: OllamaModel) {
  return {
    name: model.name,
    model: model.name,
    modified_at: goTime(state.modifiedAt),
    size: model.size,
    digest: model.digest,
    details: detailsOf(model)
  }
}

/** api.ProcessModelResponse, in its field order. */
function processEntry(loaded: LoadedEntry) {
  return {
    name: loaded.model.name,
    model: loaded.model.name,
    size: loaded.size,
    digest: loaded.model.digest,
    details: detailsOf(loaded.model),
    expires_at: goTime(loaded.expiresAt),
    size_vram: loaded.sizeVram,
    context_length: loaded.contextLength
  }
}

/** time.Time's JSON form, RFC 3339 with trailing zeros of the fraction dropped. */
function goTime(date: Date): string {
  return date.toISOString().replace(/\.?0+Z$/, 'Z')
}

/** Gin's c.String. */
function sendText(response: ServerResponse, status: number, text: string): void {
  response.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', 'content-length': Buffer.byteLength(text) }).end(text)
}

/** Gin's c.JSON: encoding/json escapes <, >, & and the JS line separators, and adds no newline. */
function sendJson(response: ServerResponse, status: number, value: unknown): void {
  const body = JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`)
  response.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(body) }).end(body)
}
