import { performance } from 'node:perf_hooks'
import type { Probe, ProbeResult } from '../probe'
import { httpGet } from './http-agent'

export interface HttpExpectation {
  readonly status?: number
  readonly keyword?: string
  readonly json?: { readonly path: string; readonly equals: unknown }
}

export interface HttpTarget {
  readonly id: string
  readonly url: string
  readonly expect?: HttpExpectation
  readonly intervalMs: number
  readonly timeoutMs: number
}

export interface HttpProbeResult extends ProbeResult {
  readonly httpStatus?: number
  /** Days until an https certificate expires. */
  readonly certificateDaysLeft?: number
}

/** Bodies past this are cut off: a health page is small, a runaway one must not fill memory. */
const maxBody = 1 << 20
const certificateWarningDays = 14

/** GET the URL: status, latency, an optional keyword or JSON value, and the certificate's days left. */
export function httpProbe(target: HttpTarget): Probe {
  const base = { id: target.id, intervalMs: target.intervalMs, timeoutMs: target.timeoutMs }
  let url: URL
  try {
    url = new URL(target.url)
  } catch {
    return { ...base, run: () => Promise.resolve({ status: 'down', reason: `"${target.url}" is not a URL` }) }
  }
  return { ...base, run: (signal) => fetchOnce(url, target.expect, signal) }
}

const requestHeaders = { 'user-agent': 'HomelabConsole' }

/**
 * The latency runs from sending the request to the end of the reply. On a reused connection
 * that is the request alone on a warm connection, without a connect, as Prometheus'
 * scrape_duration_seconds is; on a new one it includes the connect.
 */
function fetchOnce(url: URL, expect: HttpExpectation | undefined, signal: AbortSignal): Promise<HttpProbeResult> {
  if (signal.aborted) return Promise.resolve({ status: 'down', reason: 'timeout' })
  const started = performance.now()
  return httpGet(url, { signal, headers: requestHeaders, maxBodyBytes: maxBody }).then(
    (reply) => judge(expect, reply.status, reply.body.toString('utf8'), performance.now() - started, daysLeft(reply.certificateValidTo)),
    (error: NodeJS.ErrnoException): HttpProbeResult => ({ status: 'down', reason: signal.aborted ? 'timeout' : describeRequestError(error) })
  )
}

function judge(expect: HttpExpectation | undefined, httpStatus: number, body: string, latencyMs: number, certificateDaysLeft: number | undefined): HttpProbeResult {
  const base = { httpStatus, latencyMs, ...(certificateDaysLeft !== undefined && { certificateDaysLeft }) }
  const statusOk = expect?.status !== undefined ? httpStatus === expect.status : httpStatus >= 200 && httpStatus < 400
  if (!statusOk) return { ...base, status: 'down', reason: `HTTP ${httpStatus}${expect?.status !== undefined ? ` (expected ${expect.status})` : ''}` }
  if (expect?.keyword !== undefined && !body.includes(expect.keyword)) return { ...base, status: 'down', reason: `the page does not contain "${expect.keyword}"` }
  if (expect?.json !== undefined) {
    const found = jsonValueAt(body, expect.json.path)
    if (!found.ok) return { ...base, status: 'down', reason: found.reason }
    if (JSON.stringify(found.value) !== JSON.stringify(expect.json.equals)) {
      return { ...base, status: 'down', reason: `${expect.json.path} is ${JSON.stringify(found.value)}, expected ${JSON.stringify(expect.json.equals)}` }
    }
  }
  if (certificateDaysLeft !== undefined && certificateDaysLeft < certificateWarningDays) {
    return { ...base, status: 'degraded', reason: `the certificate expires in ${Math.max(0, Math.floor(certificateDaysLeft))} days` }
  }
  return { ...base, status: 'up' }
}

/** A dotted path such as "status" or "checks.0.ok" into a JSON body. */
export function jsonValueAt(body: string, path: string): { ok: true; value: unknown } | { ok: false; reason: string } {
  let value: unknown
  try {
    value = JSON.parse(body)
  } catch {
    return { ok: false, reason: 'the reply is not JSON' }
  }
  for (const key of path.split('.')) {
    if (value === null || typeof value !== 'object' || !Object.hasOwn(value, key)) return { ok: false, reason: `the reply has no ${path}` }
    value = (value as Record<string, unknown>)[key]
  }
  return { ok: true, value }
}

function daysLeft(validTo: string | undefined): number | undefined {
  return validTo ? (Date.parse(validTo) - Date.now()) / 86_400_000 : undefined
}

function describeRequestError(error: NodeJS.ErrnoException): string {
  switch (error.code) {
    case 'ECONNREFUSED':
      return 'refused'
    case 'ECONNRESET':
      return 'the connection was reset'
    case 'HPE_INVALID':
      return 'the reply is not HTTP'
    case 'ERR_REPLY_CUT':
      return 'the connection dropped during the reply'
    default:
      return error.message
  }
}
