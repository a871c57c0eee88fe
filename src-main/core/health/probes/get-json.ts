import type { z } from 'zod'
import { httpGet } from './http-agent'
import { errorCode, networkReason } from './network-reason'

/** What came back from a GET that expects JSON, sorted so a probe can word each case its own way. */
export type JsonReply =
  | { readonly kind: 'json'; readonly httpStatus: number; readonly value: unknown }
  /** An HTTP reply whose body is not JSON (an HTML page, text, or a body past the size bound). */
  | { readonly kind: 'not-json'; readonly httpStatus: number }
  /** Something answered, but not in HTTP. */
  | { readonly kind: 'not-http' }
  | { readonly kind: 'failed'; readonly reason: string }

export type ParsedReply<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly reason: string }

/** Health and status bodies are small; a runaway one must not fill memory. */
const maxBody = 1 << 20
const requestHeaders = { accept: 'application/json', 'user-agent': 'HomelabConsole' }

/** GETs `url` (on the probes' kept-alive connections) and parses the body as JSON; never rejects, gives up when `signal` aborts. */
export async function getJson(url: string, signal: AbortSignal): Promise<JsonReply> {
  if (signal.aborted) return { kind: 'failed', reason: 'timeout' }
  try {
    const reply = await httpGet(new URL(url), { signal, headers: requestHeaders, maxBodyBytes: maxBody })
    if (reply.truncated) return { kind: 'not-json', httpStatus: reply.status }
    try {
      return { kind: 'json', httpStatus: reply.status, value: JSON.parse(reply.body.toString('utf8')) }
    } catch {
      return { kind: 'not-json', httpStatus: reply.status }
    }
  } catch (error) {
    if (signal.aborted) return { kind: 'failed', reason: 'timeout' }
    return describeRequestError(error)
  }
}

/**
 * The reply's body as `schema` describes it, or why not in the user's words. `foreign` is the
 * reason when something answered that is not the expected service ("the reply is not Ollama's").
 */
export function parseJsonReply<T>(reply: JsonReply, schema: z.ZodType<T>, foreign: string): ParsedReply<T> {
  switch (reply.kind) {
    case 'failed':
      return { ok: false, reason: reply.reason }
    case 'not-http':
      return { ok: false, reason: foreign }
    case 'not-json':
    case 'json': {
      if (reply.httpStatus !== 200) return { ok: false, reason: `HTTP ${reply.httpStatus}` }
      const parsed = reply.kind === 'json' ? schema.safeParse(reply.value) : undefined
      return parsed?.success ? { ok: true, value: parsed.data } : { ok: false, reason: foreign }
    }
  }
}

/** The request's error in the user's words: its `code` says what happened. */
function describeRequestError(error: unknown): JsonReply {
  const code = errorCode(error)
  if (code.startsWith('HPE_')) return { kind: 'not-http' }
  const reason = networkReason(code)
  if (reason !== undefined) return { kind: 'failed', reason }
  if (code === 'ERR_REPLY_CUT') return { kind: 'failed', reason: 'the connection dropped during the reply' }
  if (code === 'ERR_INVALID_URL') return { kind: 'failed', reason: 'the address is not a valid URL' }
  return { kind: 'failed', reason: error instanceof Error ? error.message : String(error) }
}
