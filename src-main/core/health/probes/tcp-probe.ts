import { connect } from 'node:net'
import { performance } from 'node:perf_hooks'
import type { Probe, ProbeResult } from '../probe'
import { networkReason } from './network-reason'

export interface TcpTarget {
  readonly id: string
  readonly host: string
  readonly port: number
  readonly intervalMs: number
  readonly timeoutMs: number
}

/** Connect latency of a TCP service (Postgres, Redis, MongoDB, Kafka, Samba …); nothing is sent. */
export function tcpProbe(target: TcpTarget): Probe {
  return {
    id: target.id,
    intervalMs: target.intervalMs,
    timeoutMs: target.timeoutMs,
    run: (signal) => connectOnce(target.host, target.port, signal)
  }
}

function connectOnce(host: string, port: number, signal: AbortSignal): Promise<ProbeResult> {
  if (signal.aborted) return Promise.resolve({ status: 'down', reason: 'timeout' })
  return new Promise((resolve) => {
    const started = performance.now()
    const socket = connect({ host, port })
    const settle = (result: ProbeResult) => {
      socket.destroy()
      signal.removeEventListener('abort', onAbort)
      resolve(result)
    }
    const onAbort = () => settle({ status: 'down', reason: 'timeout' })
    signal.addEventListener('abort', onAbort)
    socket.once('connect', () => settle({ status: 'up', latencyMs: performance.now() - started }))
    socket.once('error', (error: NodeJS.ErrnoException) => settle({ status: 'down', reason: describeConnectError(error) }))
  })
}

function describeConnectError(error: NodeJS.ErrnoException): string {
  return networkReason(error.code ?? '') ?? error.message
}
