import type { ServerResponse } from 'node:http'
import { goJson, sendJson } from './ollama-wire'

/**
 * How Ollama answers a streaming route (chat, generate, pull): NDJSON lines when streaming, one
 * JSON object when not, and an error as a last `{"error":…}` line once the 200 has gone out.
 * Stream faults (a dropped connection, an error line) are applied here, after a number of lines.
 */

export interface StreamFault {
  readonly kind: 'none' | 'drop' | 'error-mid-stream'
  /** Lines that go out before the fault strikes; it strikes before the last line in any case. */
  readonly afterChunks: number
  /** What the error line says. */
  readonly message: string
}

export interface LineSink<Line extends object = object> {
  /** False once the answer is over: ended, failed, cut by a fault or left by the client. */
  readonly open: boolean
  send(value: Line): void
  end(value: Line): void
  fail(message: string): void
}

/** Gin's streamResponse: application/x-ndjson, one object and "\n" per line, flushed at once. */
export function streamSink<Line extends object>(response: ServerResponse, fault: StreamFault): LineSink<Line> {
  let open = true
  let sent = 0
  /** Settles once the lines so far are handed to the kernel, so a drop cuts after them, not through them. */
  let flushed = Promise.resolve()
  response.once('close', () => (open = false))
  const write = (value: Line, last: boolean) => {
    if (!response.headersSent) response.writeHead(200, { 'content-type': 'application/x-ndjson' })
    const line = `${goJson(value)}\n`
    if (last) {
      open = false
      response.end(line)
    } else {
      flushed = new Promise((resolve) => response.write(line, () => resolve()))
      sent++
    }
  }
  const cut = () => void flushed.then(() => response.socket?.destroy())
  const sink: LineSink<Line> = {
    get open() {
      return open
    },
    send(value) {
      if (!open) return
      if (strike(fault, sent, false, sink, cut)) open = false
      else write(value, false)
    },
    end(value) {
      if (!open) return
      if (strike(fault, sent, true, sink, cut)) open = false
      else write(value, true)
    },
    fail(message) {
      if (!open) return
      open = false
      // Before any line the error still gets its status; after, it is one more line of the 200.
      if (response.headersSent) response.end(`${goJson({ error: message })}\n`)
      else sendJson(response, 500, { error: message }, 'application/json')
    }
  }
  return sink
}

/** A route asked with `stream: false`: Ollama gathers the lines and answers once. */
export function collectSink<Line extends object>(
  response: ServerResponse,
  fault: StreamFault,
  summarize: (lines: readonly Line[]) => object,
  contentType = 'application/json; charset=utf-8'
): LineSink<Line> {
  let open = true
  const lines: Line[] = []
  response.once('close', () => (open = false))
  const cut = () => response.socket?.destroy()
  const sink: LineSink<Line> = {
    get open() {
      return open
    },
    send(value) {
      if (!open) return
      if (strike(fault, lines.length, false, sink, cut)) open = false
      else lines.push(value)
    },
    end(value) {
      if (!open) return
      const struck = strike(fault, lines.length, true, sink, cut)
      open = false
      if (!struck) sendJson(response, 200, summarize([...lines, value]), contentType)
    },
    fail(message) {
      if (!open) return
      open = false
      sendJson(response, 500, { error: message }, contentType)
    }
  }
  return sink
}

/** Applies the fault when it is due (a drop, or the sink's error line); true when it struck. */
function strike(fault: StreamFault, sent: number, last: boolean, sink: LineSink<object>, cut: () => void): boolean {
  if (fault.kind === 'none' || (!last && sent < fault.afterChunks)) return false
  if (fault.kind === 'drop') cut()
  else sink.fail(fault.message)
  return true
}

/** Aborts when the client goes away before the answer is complete, or the server closes. */
export function requestSignal(response: ServerResponse, closing: AbortSignal): AbortSignal {
  const controller = new AbortController()
  response.once('close', () => {
    if (!response.writableFinished) controller.abort(new Error('the client closed the request'))
  })
  return AbortSignal.any([controller.signal, closing])
}
