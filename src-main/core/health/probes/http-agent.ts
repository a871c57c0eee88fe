import { Agent as HttpAgent, request as httpRequest, type IncomingMessage, type OutgoingHttpHeaders } from 'node:http'
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https'

/**
 * Probes keep their connections open between runs, as Prometheus does: a new TCP (and TLS)
 * connection per check costs the console and the server far more than the request itself.
 * An idle connection is closed after 4 s, before the 5 s after which Node servers (and others
 * with short keep-alive timeouts) close it themselves; a shorter `Keep-Alive: timeout=` from the
 * server wins. Sockets are not capped per host: a hanging endpoint must not make another check
 * of the same host wait for a socket and time out in its place.
 */
const agentOptions = { keepAlive: true, scheduling: 'lifo', timeout: 4000, maxFreeSockets: 4 } as const
const httpAgent = new HttpAgent(agentOptions)
const httpsAgent = new HttpsAgent(agentOptions)

export interface PooledGetOptions {
  readonly signal: AbortSignal
  readonly headers: OutgoingHttpHeaders
}

/**
 * GETs `url` on a kept-alive connection and resolves with the response once its headers arrive.
 * A request that fails on a reused connection before any reply (the server closed it while idle,
 * the race every keep-alive client has) is sent once more on a fresh connection, so a server that
 * merely dropped an idle connection is not reported down; a server that is down fails again there.
 * Rejects with the socket or parser error (its `code` says which), or the abort when `signal` fires.
 */
export async function getPooled(url: URL, options: PooledGetOptions): Promise<IncomingMessage> {
  try {
    return await send(url, options, true)
  } catch (error) {
    if (!(error instanceof StaleConnection)) throw error
    if (options.signal.aborted) throw error.cause
    return send(url, options, false)
  }
}

/** The error of a request that failed on a reused connection before it had any reply. */
class StaleConnection extends Error {
  constructor(override readonly cause: NodeJS.ErrnoException) {
    super(cause.message)
  }
}

function send(url: URL, { signal, headers }: PooledGetOptions, pooled: boolean): Promise<IncomingMessage> {
  return new Promise((resolve, reject) => {
    const https = url.protocol === 'https:'
    // `agent: false` is a connection of its own, closed after the reply.
    const agent = pooled ? (https ? httpsAgent : httpAgent) : false
    const request = (https ? httpsRequest : httpRequest)(url, { method: 'GET', signal, headers, agent })
    let answered = false
    request.on('error', (error: NodeJS.ErrnoException) => {
      if (answered) return
      const stale = request.reusedSocket && (error.code === 'ECONNRESET' || error.code === 'EPIPE')
      reject(stale ? new StaleConnection(error) : error)
    })
    request.once('response', (response) => {
      answered = true
      resolve(response)
    })
    request.end()
  })
}
