import { connect } from 'node:net'
import { assertPortFree, waitUntil } from './net'
import { startProcess, type ManagedProcess } from './process'

export interface RedisServer {
  process: ManagedProcess
  address: string
  port: number
  stop(): Promise<void>
}

/** Starts Debian's redis-server on address:port, keeping nothing on disk, and resolves once it answers PING. */
export async function startRedis(options: { address: string; port: number }): Promise<RedisServer> {
  const { address, port } = options
  const what = `Redis on ${address}:${port}`
  await assertPortFree(address, port, what)
  // No snapshots and no append-only file: a lab Redis writes nothing into the working directory.
  const redis = await startProcess(what, 'redis-server', ['--bind', address, '--port', String(port), '--save', '', '--appendonly', 'no'])
  try {
    await waitUntil(what, () => redisPing(address, port), { process: redis })
  } catch (error) {
    await redis.stop()
    throw error
  }
  return { process: redis, address, port, stop: () => redis.stop() }
}

/** True when a Redis server at host:port answers an inline PING with +PONG within `timeoutMs`. */
export function redisPing(host: string, port: number, timeoutMs = 1000): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port })
    let reply = ''
    const finish = (ok: boolean): void => {
      socket.destroy()
      resolve(ok)
    }
    socket.setTimeout(timeoutMs, () => finish(false))
    socket.once('connect', () => socket.write('PING\r\n'))
    socket.setEncoding('utf8')
    socket.on('data', (chunk: string) => {
      reply += chunk
      // A reply is one line; anything else on the port is not Redis.
      if (reply.includes('\r\n')) finish(reply === '+PONG\r\n')
    })
    socket.once('error', () => finish(false))
    socket.once('end', () => finish(false))
  })
}
