import type { IncomingMessage, ServerResponse } from 'node:http'
import { isIP } from 'node:net'
import type { Duplex } from 'node:stream'
import { pyJson } from './python-json'

/**
 * The bytes ComfyUI's aiohttp server puts on the wire: json.dumps bodies, bare responses with
 * no body, aiohttp's page for an unhandled exception, WebSocket frames, and the origin check
 * that keeps web pages of other sites out.
 */

const serverHeader = 'Python/3.12 aiohttp/3.11.18'

/** web.json_response: json.dumps with its default separators. */
export function sendPythonJson(response: ServerResponse, status: number, value: unknown): void {
  sendBody(response, status, Buffer.from(pyJson(value)), { 'content-type': 'application/json; charset=utf-8' })
}

/** web.Response(status=…): no body, and aiohttp's default content type. */
export function sendEmpty(response: ServerResponse, status: number): void {
  sendBody(response, status, Buffer.alloc(0), { 'content-type': 'application/octet-stream' })
}

/** What aiohttp answers when a handler raises (request.json() on bad JSON, for one). */
export function sendServerError(response: ServerResponse): void {
  sendBody(response, 500, Buffer.from('500 Internal Server Error\n\nServer got itself in trouble'), { 'content-type': 'text/plain; charset=utf-8' })
}

export function sendBody(response: ServerResponse, status: number, body: Buffer, headers: Readonly<Record<string, string>>): void {
  response.writeHead(status, { ...headers, 'content-length': body.length, server: serverHeader }).end(body)
}

/** A WebSocket text frame: {"type": event, "data": data} as ws.send_json writes it. */
export function messageText(event: string, data: unknown): string {
  return pyJson({ type: event, data })
}

/** A binary frame: PREVIEW_IMAGE (1), then the image format (2 = PNG), both 4-byte big-endian, then the image. */
export function previewFrame(png: Buffer): Buffer {
  const header = Buffer.alloc(8)
  header.writeUInt32BE(1, 0)
  header.writeUInt32BE(2, 4)
  return Buffer.concat([header, png])
}

/**
 * origin_only_middleware: a browser's cross-site request, or an Origin whose host differs from
 * Host when Host is a loopback address, is refused with 403. Clients that send no Origin pass.
 */
export function forbiddenOrigin(request: IncomingMessage): boolean {
  if (request.headers['sec-fetch-site'] === 'cross-site') return true
  const host = request.headers.host?.toLowerCase()
  const origin = request.headers.origin
  if (!host || !origin) return false
  let originUrl: URL
  try {
    originUrl = new URL(origin)
  } catch {
    return false
  }
  const hostUrl = new URL(`http://${host}`)
  const hostname = hostUrl.hostname.replace(/^\[|\]$/g, '')
  if (!isLoopback(hostname)) return false
  // A side without a port is compared by host name alone, as ComfyUI does for odd browsers.
  const hostSide = originUrl.port === '' ? hostUrl.hostname : hostUrl.host
  const originSide = hostUrl.port === '' ? originUrl.hostname : originUrl.host
  return hostSide !== originSide
}

function isLoopback(hostname: string): boolean {
  if (hostname === 'localhost') return true
  if (isIP(hostname) === 4) return hostname.startsWith('127.')
  return hostname === '::1'
}

/** Refuses a WebSocket upgrade with a plain HTTP answer. */
export function rejectUpgrade(socket: Duplex, status: number, reason: string): void {
  socket.end(`HTTP/1.1 ${status} ${reason}\r\nContent-Length: 0\r\nContent-Type: application/octet-stream\r\nServer: ${serverHeader}\r\n\r\n`)
}
