import { z } from 'zod'
import { httpGet, type HttpGetOptions, type HttpReply } from '../probes/http-agent'
import { parseSampleValue } from './exposition'

/** Why a Prometheus server or exporter gave no answer we can use, in the user's words. */
export class PrometheusError extends Error {
  override readonly name = 'PrometheusError'
  readonly httpStatus: number | undefined

  constructor(message: string, httpStatus?: number) {
    super(message)
    this.httpStatus = httpStatus
  }
}

export type Labels = Readonly<Record<string, string>>

export interface InstantSample {
  readonly metric: Labels
  readonly timestampMs: number
  readonly value: number
}

export interface RangeSeries {
  readonly metric: Labels
  /** [timestamp ms, value], oldest first. */
  readonly points: readonly (readonly [number, number])[]
}

export interface QueryOptions {
  readonly signal: AbortSignal
  /** Evaluation time, ms since the epoch; the server's "now" when omitted. */
  readonly time?: number
  readonly timeoutMs?: number
}

export interface QueryRangeOptions {
  readonly signal: AbortSignal
  /** ms since the epoch. */
  readonly start: number
  readonly end: number
  readonly stepSeconds: number
  readonly timeoutMs?: number
}

const defaultTimeoutMs = 10_000
/** Far more than any reply we ask for; a runaway one must not fill memory. */
const maxReplyBytes = 16 << 20
const notPrometheusJson = 'the reply is not Prometheus JSON'
/** As many as fetch follows. */
const maxRedirects = 20
const redirectStatuses = new Set([301, 302, 303, 307, 308])

const SampleValue = z.tuple([z.number(), z.string()])
const Metric = z.record(z.string(), z.string())
const ResultData = z.discriminatedUnion('resultType', [
  z.object({ resultType: z.literal('vector'), result: z.array(z.object({ metric: Metric, value: SampleValue })) }),
  z.object({ resultType: z.literal('matrix'), result: z.array(z.object({ metric: Metric, values: z.array(SampleValue) })) }),
  z.object({ resultType: z.literal('scalar'), result: SampleValue }),
  z.object({ resultType: z.literal('string'), result: SampleValue })
])
const ApiReply = z.discriminatedUnion('status', [
  z.object({ status: z.literal('success'), data: ResultData }),
  z.object({ status: z.literal('error'), errorType: z.string(), error: z.string() })
])

/** GET /api/v1/query: the value of `promql` at one instant. A scalar comes back as one unlabelled sample. */
export async function query(baseUrl: string, promql: string, options: QueryOptions): Promise<readonly InstantSample[]> {
  const params: Record<string, string> = { query: promql }
  if (options.time !== undefined) params.time = String(options.time / 1000)
  const data = await callApi(apiUrl(baseUrl, 'query', params), options.signal, options.timeoutMs)
  switch (data.resultType) {
    case 'vector':
      return data.result.map(({ metric, value }) => ({ metric, ...point(value) }))
    case 'scalar':
      return [{ metric: {}, ...point(data.result) }]
    default:
      throw new PrometheusError(`the query gave a ${data.resultType}, not an instant vector`)
  }
}

/** GET /api/v1/query_range: `promql` evaluated every `stepSeconds` from start to end. */
export async function queryRange(baseUrl: string, promql: string, options: QueryRangeOptions): Promise<readonly RangeSeries[]> {
  const params = { query: promql, start: String(options.start / 1000), end: String(options.end / 1000), step: String(options.stepSeconds) }
  const data = await callApi(apiUrl(baseUrl, 'query_range', params), options.signal, options.timeoutMs)
  if (data.resultType !== 'matrix') throw new PrometheusError(`the range query gave a ${data.resultType}, not a matrix`)
  return data.result.map(({ metric, values }) => ({
    metric,
    points: values.map((value) => {
      const { timestampMs, value: number } = point(value)
      return [timestampMs, number] as const
    })
  }))
}

/**
 * GETs `url` within `timeoutMs` (or until `signal` aborts) on a kept-alive connection, following
 * redirects as fetch does, and reads at most 16 MiB of the body.
 * Throws a PrometheusError saying "refused", "timeout", "the reply is not HTTP" …
 */
export async function getText(url: string, options: { signal: AbortSignal; timeoutMs: number; accept: string }): Promise<{ status: number; text: string }> {
  if (options.signal.aborted) throw new PrometheusError('timeout')
  const controller = new AbortController()
  const abort = () => controller.abort()
  const timer = setTimeout(abort, options.timeoutMs)
  options.signal.addEventListener('abort', abort, { once: true })
  try {
    // No compression: it would save a few KiB a scrape on a LAN and cost CPU to undo.
    const headers = { accept: options.accept, 'accept-encoding': 'identity', 'user-agent': 'HomelabConsole' }
    const reply = await getFollowingRedirects(url, { signal: controller.signal, headers, maxBodyBytes: maxReplyBytes })
    if (reply.truncated) throw new PrometheusError(`the reply is larger than ${maxReplyBytes >> 20} MiB`)
    return { status: reply.status, text: reply.body.toString('utf8') }
  } catch (error) {
    if (error instanceof PrometheusError) throw error
    throw new PrometheusError(controller.signal.aborted ? 'timeout' : describeRequestError(error))
  } finally {
    clearTimeout(timer)
    options.signal.removeEventListener('abort', abort)
  }
}

async function callApi(url: string, signal: AbortSignal, timeoutMs = defaultTimeoutMs): Promise<z.infer<typeof ResultData>> {
  const { status, text } = await getText(url, { signal, timeoutMs, accept: 'application/json' })
  // Prometheus answers its own errors (400, 422, 503) in JSON; anything else failing is a proxy or the wrong URL.
  const failure = status >= 200 && status < 300 ? notPrometheusJson : `HTTP ${status}`
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch {
    throw new PrometheusError(failure, status)
  }
  const reply = ApiReply.safeParse(json)
  if (!reply.success) throw new PrometheusError(failure, status)
  if (reply.data.status === 'error') throw new PrometheusError(`${reply.data.errorType}: ${reply.data.error}`, status)
  return reply.data.data
}

/** The API endpoint under `baseUrl`, which may carry a path prefix (a Prometheus behind a proxy). */
function apiUrl(baseUrl: string, endpoint: string, params: Readonly<Record<string, string>>): string {
  let url: URL
  try {
    url = new URL(baseUrl)
  } catch {
    throw new PrometheusError(`"${baseUrl}" is not a URL`)
  }
  url.pathname = `${url.pathname.replace(/\/+$/, '')}/api/v1/${endpoint}`
  url.search = new URLSearchParams(params).toString()
  url.hash = ''
  return url.toString()
}

function point([seconds, value]: readonly [number, string]): { timestampMs: number; value: number } {
  return { timestampMs: Math.round(seconds * 1000), value: parseSampleValue(value) ?? NaN }
}

async function getFollowingRedirects(url: string, options: HttpGetOptions): Promise<HttpReply> {
  let target = new URL(url)
  for (let hops = 0; ; hops++) {
    const reply = await httpGet(target, options)
    const location = reply.headers.get('location')
    if (!redirectStatuses.has(reply.status) || location === undefined) return reply
    if (hops === maxRedirects) throw new PrometheusError('the reply redirects too many times')
    target = new URL(location, target)
  }
}

function describeRequestError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code ?? ''
  if (code === 'ECONNREFUSED') return 'refused'
  if (code === 'ECONNRESET' || code === 'EPIPE' || code === 'ERR_REPLY_CUT') return 'the connection dropped'
  if (code === 'EHOSTUNREACH' || code === 'ENETUNREACH') return 'unreachable'
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return 'the host name does not resolve'
  if (code.startsWith('HPE_')) return 'the reply is not HTTP'
  return error instanceof Error ? error.message : String(error)
}
