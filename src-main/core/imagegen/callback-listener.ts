import { randomBytes } from 'node:crypto'
import { createServer, type IncomingMessage, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { isRecord } from './backend-http'

/**
 * Where the seed's worker posts `{task_id, status, image_url, metadata}` when a generation ends.
 * The path carries a random token, so only a worker we gave the URL to can report a result.
 */

export type CallbackOutcome =
  | { readonly status: 'completed'; readonly seed: number | null; readonly model: string | null }
  | { readonly status: 'error'; readonly error: string }

export interface WorkerCallbacks {
  /** The callback_url to announce. */
  readonly url: string
  /** Calls `listener` with the task's outcome, at once when it already came. */
  on(taskId: string, listener: (outcome: CallbackOutcome) => void): () => void
  close(): Promise<void>
}

const maxBodyBytes = 64 * 1024
/** Outcomes kept for a follower that starts listening after the callback came. */
const keptOutcomes = 500

export async function startCallbackListener(host: string, port = 0): Promise<WorkerCallbacks> {
  const token = randomBytes(16).toString('hex')
  const path = `/imagegen/callback/${token}`
  const outcomes = new Map<string, CallbackOutcome>()
  const listeners = new Map<string, Set<(outcome: CallbackOutcome) => void>>()
  const server: Server = createServer((request, response) => {
    if (request.method !== 'POST' || request.url !== path) {
      response.writeHead(404).end()
      return
    }
    void readCallback(request).then((parsed) => {
      if (!parsed) return void response.writeHead(400).end()
      const [taskId, outcome] = parsed
      outcomes.set(taskId, outcome)
      if (outcomes.size > keptOutcomes) outcomes.delete(outcomes.keys().next().value ?? '')
      for (const listener of listeners.get(taskId) ?? []) listener(outcome)
      response.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}')
    })
  })
  server.requestTimeout = 10_000
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error) => reject(new Error(`the console cannot take worker callbacks on ${host}:${port}: ${error.message}`)))
    server.listen(port, host, resolve)
  })
  const bound = (server.address() as AddressInfo).port
  const hostPart = host.includes(':') ? `[${host}]` : host
  return {
    url: `http://${hostPart}:${bound}${path}`,
    on(taskId, listener) {
      let set = listeners.get(taskId)
      if (!set) listeners.set(taskId, (set = new Set()))
      set.add(listener)
      const known = outcomes.get(taskId)
      if (known) queueMicrotask(() => listener(known))
      return () => {
        set.delete(listener)
        if (set.size === 0) listeners.delete(taskId)
      }
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      })
  }
}

async function readCallback(request: IncomingMessage): Promise<[string, CallbackOutcome] | undefined> {
  const chunks: Buffer[] = []
  let size = 0
  try {
    for await (const chunk of request as AsyncIterable<Buffer>) {
      size += chunk.length
      if (size > maxBodyBytes) return undefined
      chunks.push(chunk)
    }
    const body: unknown = JSON.parse(Buffer.concat(chunks).toString('utf8'))
    if (!isRecord(body) || typeof body['task_id'] !== 'string') return undefined
    if (body['status'] === 'completed') {
      const metadata = isRecord(body['metadata']) ? body['metadata'] : {}
      const seed = metadata['seed']
      const model = metadata['model_used']
      return [
        body['task_id'],
        { status: 'completed', seed: Number.isInteger(seed) ? (seed as number) : null, model: typeof model === 'string' ? model : null }
      ]
    }
    return [body['task_id'], { status: 'error', error: typeof body['error'] === 'string' ? body['error'] : 'the worker reported an error without words' }]
  } catch {
    return undefined
  }
}
