import { Ollama } from 'ollama'
import type { OllamaEndpoint, StreamErrorKind } from '../../../src-shared/ollama'
import { errorCode, networkReason } from '../health/probes/network-reason'

/** How long a call to Ollama may take before the console gives up on it. */
export interface OllamaTimeouts {
  /** Connect and headers, then each silence in the body, of the small calls (version, tags, ps, delete). */
  readonly quickMs: number
  /** Connect and headers of answers, loads and pulls: loading a model on a Pi takes that long. */
  readonly answerMs: number
  /** The longest silence between two chunks of a streamed reply. */
  readonly idleMs: number
  /**
   * The longest silence in a pull: after "verifying sha256 digest" Ollama hashes every layer it
   * downloaded before it says anything more, minutes for a large model on a Pi's SD card or a disk.
   */
  readonly pullIdleMs: number
}

const defaultOllamaTimeouts: OllamaTimeouts = { quickMs: 5000, answerMs: 120_000, idleMs: 60_000, pullIdleMs: 15 * 60_000 }

/** An answer's error kinds, or `interrupted` when a reply that had begun was cut. */
export type OllamaFailureKind = StreamErrorKind | 'interrupted'

/** A failed call to Ollama in the user's words, naming the endpoint. */
export class OllamaError extends Error {
  constructor(
    readonly kind: OllamaFailureKind,
    message: string
  ) {
    super(message)
    this.name = 'OllamaError'
  }
}

export interface OllamaHttp {
  /** A client for the small calls, each bounded by `quickMs`. */
  quick(endpoint: OllamaEndpoint, signal?: AbortSignal): Ollama
  /** A client for answers, loads and unloads: `answerMs` to the headers, `idleMs` between chunks; `signal` ends it at once. */
  answer(endpoint: OllamaEndpoint, signal?: AbortSignal): Ollama
  /** A client for pulls: `answerMs` to the headers, `pullIdleMs` between chunks; `signal` ends it at once. */
  pull(endpoint: OllamaEndpoint, signal?: AbortSignal): Ollama
}

interface Limits {
  readonly headersMs: number
  readonly idleMs: number
  readonly signal: AbortSignal | undefined
}

/** Every call to Ollama goes through the npm client; this gives it a fetch that bounds each call. Unset timeouts are the defaults. */
export function createOllamaHttp(given: Partial<OllamaTimeouts> = {}): OllamaHttp {
  const timeouts: OllamaTimeouts = { ...defaultOllamaTimeouts, ...given }
  const client = (endpoint: OllamaEndpoint, limits: Limits) =>
    new Ollama({ host: endpoint.url, fetch: limitedFetch(describeEndpoint(endpoint), limits) })
  return {
    quick: (endpoint, signal) => client(endpoint, { headersMs: timeouts.quickMs, idleMs: timeouts.quickMs, signal }),
    answer: (endpoint, signal) => client(endpoint, { headersMs: timeouts.answerMs, idleMs: timeouts.idleMs, signal }),
    pull: (endpoint, signal) => client(endpoint, { headersMs: timeouts.answerMs, idleMs: timeouts.pullIdleMs, signal })
  }
}

/** "Ollama at Pi Primary › Ollama (http://192.168.1.20:11434)" */
export function describeEndpoint(endpoint: Pick<OllamaEndpoint, 'name' | 'url'>): string {
  return endpoint.name === endpoint.url ? `Ollama at ${endpoint.url}` : `Ollama at ${endpoint.name} (${endpoint.url})`
}

/** The client throws this when a stream ends without its `done` (or pull's `success`) line. */
const endedEarly = 'Did not receive done or success response in stream.'

/**
 * Any error of a call through the client as an OllamaError. The fetch below throws OllamaErrors
 * for everything on the wire; the client itself throws a SyntaxError for a body that is not JSON,
 * `endedEarly`, and a plain Error carrying the message of an `{"error"}` line of the stream.
 */
export function asOllamaError(endpoint: Pick<OllamaEndpoint, 'name' | 'url'>, error: unknown): OllamaError {
  if (error instanceof OllamaError) return error
  const where = describeEndpoint(endpoint)
  if (error instanceof SyntaxError) return notOllama(where)
  const message = error instanceof Error ? error.message : String(error)
  if (message === endedEarly) return new OllamaError('interrupted', `${where} ended the reply before it was complete`)
  return new OllamaError('server', `${where}: ${message}`)
}

function limitedFetch(where: string, limits: Limits): typeof fetch {
  return async (input, init) => {
    const deadline = new AbortController()
    const signal = AbortSignal.any([deadline.signal, ...[init?.signal, limits.signal].filter((given) => given instanceof AbortSignal)])
    const timer = setTimeout(() => deadline.abort(new OllamaError('timeout', `${where} did not answer within ${duration(limits.headersMs)}`)), limits.headersMs)
    let response: Response
    try {
      response = await fetch(input, { ...init, signal })
    } catch (error) {
      throw signal.aborted ? signal.reason : connectionError(where, error)
    } finally {
      clearTimeout(timer)
    }
    const body = response.body && watchBody(response.body, { where, idleMs: limits.idleMs, deadline, signal })
    // Ollama's delete answers 200 with an empty body and, as net/http does then, no content type.
    const empty = response.headers.get('content-length') === '0'
    if (!empty && !(response.headers.get('content-type') ?? '').includes('json')) {
      await body?.cancel().catch(() => undefined)
      throw response.ok ? notOllama(where) : new OllamaError('bad-reply', `${where} answered HTTP ${response.status}, not as Ollama does`)
    }
    if (!response.ok) throw await replyError(where, response.status, body)
    return new Response(body, { status: response.status, statusText: response.statusText, headers: response.headers })
  }
}

function notOllama(where: string): OllamaError {
  return new OllamaError('bad-reply', `${where} answered, but not as Ollama does: is another server at that address?`)
}

function connectionError(where: string, error: unknown): OllamaError {
  const code = errorCode(error)
  if (code === 'ECONNREFUSED') return new OllamaError('unreachable', `${where} refused the connection`)
  if (code.startsWith('HPE_')) return notOllama(where)
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause : error
  const reason = networkReason(code) ?? (cause instanceof Error ? cause.message : String(cause))
  return new OllamaError('unreachable', `${where} cannot be reached: ${reason}`)
}

/** Ollama's error replies are `{"error": "…"}`; the status says which kind. */
async function replyError(where: string, status: number, body: ReadableStream<Uint8Array> | null): Promise<OllamaError> {
  const text = body ? await readText(body, maxErrorBody) : ''
  let message: unknown
  try {
    message = (JSON.parse(text) as { error?: unknown }).error
  } catch {
    message = undefined
  }
  if (typeof message !== 'string') return new OllamaError('bad-reply', `${where} answered HTTP ${status}, not as Ollama does`)
  const kind: StreamErrorKind = status === 404 ? 'model-not-found' : status === 503 ? 'busy' : 'server'
  return new OllamaError(kind, `${where}: ${message}`)
}

const maxErrorBody = 64 * 1024

async function readText(body: ReadableStream<Uint8Array>, maxBytes: number): Promise<string> {
  const reader = body.getReader()
  const decoder = new TextDecoder()
  let text = ''
  let bytes = 0
  for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) {
    text += decoder.decode(chunk.value, { stream: true })
    bytes += chunk.value.byteLength
    if (bytes >= maxBytes) {
      await reader.cancel()
      break
    }
  }
  return text + decoder.decode()
}

interface BodyWatch {
  readonly where: string
  readonly idleMs: number
  /** Aborted when the server stays silent too long. */
  readonly deadline: AbortController
  /** The request's signal: the caller's, the client's and the deadline. */
  readonly signal: AbortSignal
}

/**
 * The reply's body, failing with an OllamaError when the server is silent for `idleMs` or the
 * connection drops, and at once with the signal's reason when the request is aborted.
 */
function watchBody(source: ReadableStream<Uint8Array>, watch: BodyWatch): ReadableStream<Uint8Array> {
  const reader = source.getReader()
  let idleTimer: NodeJS.Timeout | undefined
  let finished = false
  let output: ReadableStreamDefaultController<Uint8Array> | undefined
  const onAbort = () => {
    if (finished) return
    finish()
    output?.error(watch.signal.reason)
    reader.cancel().catch(() => undefined)
  }
  const finish = () => {
    finished = true
    clearTimeout(idleTimer)
    watch.signal.removeEventListener('abort', onAbort)
  }
  return new ReadableStream<Uint8Array>({
    start(controller) {
      output = controller
      watch.signal.addEventListener('abort', onAbort, { once: true })
    },
    async pull(controller) {
      idleTimer = setTimeout(
        () => watch.deadline.abort(new OllamaError('interrupted', `${watch.where} sent nothing for ${duration(watch.idleMs)}`)),
        watch.idleMs
      )
      let chunk: ReadableStreamReadResult<Uint8Array>
      try {
        chunk = await reader.read()
      } catch {
        if (finished) return
        finish()
        controller.error(new OllamaError('interrupted', `the connection to ${watch.where} dropped before the reply was complete`))
        return
      } finally {
        clearTimeout(idleTimer)
      }
      if (finished) return
      if (chunk.done) {
        finish()
        controller.close()
      } else {
        controller.enqueue(chunk.value)
      }
    },
    cancel(reason) {
      finish()
      return reader.cancel(reason)
    }
  })
}

function duration(ms: number): string {
  return ms < 1000 ? `${ms} ms` : `${Math.round(ms / 100) / 10} s`
}
