import type { IncomingMessage, ServerResponse } from 'node:http'

/**
 * The bytes Ollama's Go server (Gin, encoding/json, net/http) puts on the wire: its JSON
 * escaping, its time format, its content types and the words of its body-parsing errors.
 */

/** encoding/json escapes <, >, & and the JS line separators; JSON.stringify does not. */
export function goJson(value: unknown): string {
  return JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`)
}

// Anchors hrtime to the wall clock once, so times carry nanoseconds as Go's time.Now() does.
const epochNsAtStart = BigInt(Date.now()) * 1_000_000n
const hrtimeAtStart = process.hrtime.bigint()

/** Nanoseconds since the Unix epoch. */
export function nowNs(): bigint {
  return epochNsAtStart + (process.hrtime.bigint() - hrtimeAtStart)
}

export function dateToNs(date: Date): bigint {
  return BigInt(date.getTime()) * 1_000_000n
}

/** time.Time's JSON form for a UTC time: RFC 3339 with the fraction's trailing zeros dropped. */
export function goTime(epochNs: bigint): string {
  const ms = epochNs / 1_000_000n
  const base = new Date(Number(ms)).toISOString().slice(0, 19)
  const fraction = (((epochNs % 1_000_000_000n) + 1_000_000_000n) % 1_000_000_000n).toString().padStart(9, '0').replace(/0+$/, '')
  return `${base}${fraction ? `.${fraction}` : ''}Z`
}

/** Gin's c.String. */
export function sendText(response: ServerResponse, status: number, text: string): void {
  response.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', 'content-length': Buffer.byteLength(text) }).end(text)
}

/** Gin's c.JSON, which adds no newline; a handler that set its own content type keeps it. */
export function sendJson(response: ServerResponse, status: number, value: unknown, contentType = 'application/json; charset=utf-8'): void {
  const body = goJson(value)
  response.writeHead(status, { 'content-type': contentType, 'content-length': Buffer.byteLength(body) }).end(body)
}

/** A Gin handler that writes nothing: net/http sends the status with an empty body and no content type. */
export function sendEmpty(response: ServerResponse, status: number): void {
  response.writeHead(status, { 'content-length': 0 }).end()
}

export function sendError(response: ServerResponse, status: number, error: string): void {
  sendJson(response, status, { error })
}

export function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    request.on('data', (chunk: Buffer) => chunks.push(chunk))
    request.once('end', () => resolve(Buffer.concat(chunks).toString('utf8')))
    request.once('error', reject)
  })
}

/** The fields a request type declares, with the Go type encoding/json checks each against. */
export type GoFields = Readonly<Record<string, 'string' | 'bool' | 'object' | 'array'>>

const goTypeNames = { string: 'string', bool: 'bool', object: 'map[string]interface {}', array: '[]api.Message' } as const

export type BoundBody = { readonly ok: true; readonly body: Readonly<Record<string, unknown>> } | { readonly ok: false; readonly error: string }

/**
 * Gin's ShouldBindJSON into `goType` (e.g. "ChatRequest"): the same 400 messages for an empty
 * body, bytes that are not JSON and a field of the wrong JSON type. Unknown fields are ignored.
 */
export function bindJson(text: string, goType: string, fields: GoFields): BoundBody {
  if (text.trim() === '') return { ok: false, error: 'missing request body' }
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch {
    const first = text.trim()[0] ?? ''
    return { ok: false, error: /[[{"\d\-tfn]/.test(first) ? 'unexpected EOF' : `invalid character '${first}' looking for beginning of value` }
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    if (value === null) return { ok: true, body: {} }
    return { ok: false, error: `json: cannot unmarshal ${jsonKind(value)} into Go value of type api.${goType}` }
  }
  const body = value as Record<string, unknown>
  for (const [field, expected] of Object.entries(fields)) {
    const actual = body[field]
    if (actual === undefined || actual === null || jsonKind(actual) === expected) continue
    return { ok: false, error: `json: cannot unmarshal ${jsonKind(actual)} into Go struct field ${goType}.${field} of type ${goTypeNames[expected]}` }
  }
  return { ok: true, body }
}

/** A JSON value's kind as encoding/json names it in its errors: string, number, bool, array, object, null. */
export function jsonKind(value: unknown): string {
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'array'
  if (typeof value === 'boolean') return 'bool'
  return typeof value
}

/** Ollama's api.Duration: seconds as a number, a Go duration string, negative for "forever". */
export type KeepAlive = { readonly ok: true; readonly ms: number | 'forever' | undefined } | { readonly ok: false; readonly error: string }

const goUnitsMs: Readonly<Record<string, number>> = { ns: 1e-6, us: 1e-3, µs: 1e-3, μs: 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000 }

export function parseKeepAlive(value: unknown): KeepAlive {
  if (value === undefined || value === null) return { ok: true, ms: undefined }
  if (typeof value === 'number') return { ok: true, ms: value < 0 ? 'forever' : Math.trunc(value) * 1000 }
  if (typeof value !== 'string') {
    const goType = Array.isArray(value) ? '[]interface {}' : typeof value === 'boolean' ? 'bool' : 'map[string]interface {}'
    return { ok: false, error: `Unsupported type: '${goType}'` }
  }
  const ms = parseGoDuration(value)
  if (typeof ms === 'string') return { ok: false, error: ms }
  return { ok: true, ms: ms < 0 ? 'forever' : ms }
}

/** time.ParseDuration: milliseconds, or its error message. */
function parseGoDuration(text: string): number | string {
  const quoted = JSON.stringify(text)
  if (text === '0' || text === '+0' || text === '-0') return 0
  const match = /^([-+]?)(.+)$/.exec(text)
  const body = match?.[2] ?? ''
  if (body === '') return `time: invalid duration ${quoted}`
  let total = 0
  for (const part of body.matchAll(/(\d*\.?\d*)([^\d.]*)/g)) {
    const [whole, number = '', unit = ''] = part
    if (whole === '') continue
    if (number === '' || number === '.') return `time: invalid duration ${quoted}`
    if (unit === '') return `time: missing unit in duration ${quoted}`
    const scale = goUnitsMs[unit]
    if (scale === undefined) return `time: unknown unit ${JSON.stringify(unit)} in duration ${quoted}`
    total += Number(number) * scale
  }
  return match?.[1] === '-' ? -total : total
}
