import { errorCode, networkReason } from '../health/probes/network-reason'

/** A call to an image worker that failed, in the user's words, naming the worker. */
export class BackendError extends Error {
  constructor(
    message: string,
    /** The request provably never reached the server (refused, unreachable): safe to send again. */
    readonly notSent = false
  ) {
    super(message)
    this.name = 'BackendError'
  }
}

export interface BackendReply {
  readonly status: number
  readonly contentType: string
  readonly body: Buffer
}

export interface CallOptions {
  readonly method?: 'GET' | 'POST'
  /** Sent as application/json. */
  readonly json?: unknown
  readonly timeoutMs: number
  readonly signal?: AbortSignal
  /** Past this the reply is refused: a runaway body must not fill memory. */
  readonly maxBytes?: number
}

/** Connect-phase failures: the server never saw a byte of the request. */
const notSentCodes = new Set(['ECONNREFUSED', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN'])
const defaultMaxBytes = 256 * 1024 * 1024

/** One bounded HTTP call; rejects with a BackendError that says what went wrong, never a bare socket error. */
export async function callBackend(where: string, url: string, options: CallOptions): Promise<BackendReply> {
  const deadline = AbortSignal.timeout(options.timeoutMs)
  const signal = options.signal ? AbortSignal.any([deadline, options.signal]) : deadline
  const body = options.json === undefined ? undefined : JSON.stringify(options.json)
  try {
    const response = await fetch(url, {
      method: options.method ?? (body === undefined ? 'GET' : 'POST'),
      signal,
      ...(body !== undefined && { body, headers: { 'content-type': 'application/json' } })
    })
    return { status: response.status, contentType: response.headers.get('content-type') ?? '', body: await boundedBody(where, response, options.maxBytes ?? defaultMaxBytes) }
  } catch (error) {
    if (error instanceof BackendError) throw error
    if (options.signal?.aborted) throw options.signal.reason instanceof Error ? options.signal.reason : new BackendError(`${where}: stopped`)
    if (deadline.aborted) throw new BackendError(`${where} did not answer within ${seconds(options.timeoutMs)}`)
    throw connectionError(where, error)
  }
}

/** The reply's bytes, refused past `maxBytes` whether it announced its length or streams without one. */
async function boundedBody(where: string, response: Response, maxBytes: number): Promise<Buffer> {
  const tooBig = () => new BackendError(`${where} sent a reply of more than ${Math.round(maxBytes / 1024 / 1024)} MB, far more than expected`)
  if (Number(response.headers.get('content-length') ?? 0) > maxBytes) {
    await response.body?.cancel()
    throw tooBig()
  }
  if (!response.body) return Buffer.alloc(0)
  const reader = response.body.getReader()
  const chunks: Uint8Array[] = []
  let size = 0
  for (;;) {
    const { done, value } = await reader.read()
    if (done) return Buffer.concat(chunks)
    size += value.length
    if (size > maxBytes) {
      await reader.cancel().catch(() => undefined)
      throw tooBig()
    }
    chunks.push(value)
  }
}

/** A JSON reply's value; `what` names what was expected when it is not JSON. */
export function jsonOf(where: string, reply: BackendReply, what: string): unknown {
  try {
    return JSON.parse(reply.body.toString('utf8')) as unknown
  } catch {
    throw new BackendError(`${where} answered HTTP ${reply.status} without JSON: is ${what} at that address?`)
  }
}

function connectionError(where: string, error: unknown): BackendError {
  const code = errorCode(error)
  if (code.startsWith('HPE_')) return new BackendError(`${where} answered, but not in HTTP`)
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause : error
  const reason = networkReason(code) ?? (cause instanceof Error ? cause.message : String(cause))
  return new BackendError(`${where} cannot be reached: ${reason}`, notSentCodes.has(code))
}

export function seconds(ms: number): string {
  return ms >= 60_000 && ms % 60_000 === 0 ? `${ms / 60_000} min` : `${Math.round(ms / 100) / 10} s`
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
