import type { ServerResponse } from 'node:http'
import type { ValidationError } from './a1111-request'
import { pyJson, pythonFloat } from './python-json'

/**
 * The bytes AUTOMATIC1111's API puts on the wire: Starlette's compact UTF-8 JSON from uvicorn,
 * the X-Process-Time its timing middleware adds, FastAPI's 422, and the
 * {error, detail, body, errors} its exception handler makes of everything else.
 */

/** A JSON reply; `startedMs` adds X-Process-Time, which a reply made from an exception lacks. */
export function sendJson(response: ServerResponse, status: number, value: unknown, startedMs?: number): void {
  const body = pyJson(value, { compact: true, ensureAscii: false })
  response.writeHead(status, {
    server: 'uvicorn',
    'content-length': Buffer.byteLength(body),
    'content-type': 'application/json',
    // str(round(seconds, 4))
    ...(startedMs !== undefined && { 'x-process-time': pythonFloat(Math.round((performance.now() - startedMs) * 10) / 10_000) })
  })
  response.end(body)
}

/** FastAPI's own handler for a request it could not validate. */
export function sendValidationError(response: ServerResponse, detail: readonly ValidationError[], startedMs: number): void {
  sendJson(response, 422, { detail }, startedMs)
}

/**
 * api_middleware's handle_exception: an HTTPException (404, 405 included) keeps its status and
 * detail, and Starlette 0.26 gives it no str(); any other exception is a 500 naming its class.
 */
export function sendHttpException(response: ServerResponse, status: number, detail: string, startedMs: number): void {
  sendJson(response, status, { error: 'HTTPException', detail, body: '', errors: '' }, startedMs)
}

export function sendException(response: ServerResponse, name: string, message: string): void {
  sendJson(response, 500, { error: name, detail: '', body: '', errors: message })
}
