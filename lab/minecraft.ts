import { Worker } from 'node:worker_threads'
import { assertPortFree } from './net'

/** A real Minecraft server (flying-squid) that clients can ping and join in offline mode. */
export interface MinecraftServer {
  readonly address: string
  readonly port: number
  /** The game version it speaks, for clients that join. */
  readonly version: string
  /** Makes status replies name at most `count` players; vanilla and Paper name up to 12. */
  setSampleSize(count: number): Promise<void>
  /** Kicks every player and stops listening; safe to call more than once. */
  close(): Promise<void>
}

export interface StartMinecraftOptions {
  address: string
  port: number
  /** May hold § colour codes, as a server.properties motd does. */
  motd: string
  maxPlayers: number
  /** 1.16.5 unless told otherwise. */
  version?: string
}

type WorkerMessage =
  | { type: 'listening' | 'sample-size-set' | 'quit-done' }
  | { type: 'error'; message: string }

const serverScript = new URL('./minecraft-server.mjs', import.meta.url)
/** Loading the game data and generating the first chunks takes a few seconds on a slow machine. */
const startTimeoutMs = 30_000
const answerTimeoutMs = 5000
const stderrTail = 4096

/**
 * Starts flying-squid on address:port in a worker thread (see minecraft-server.mjs for why) and
 * resolves once it listens.
 */
export async function startMinecraft(options: StartMinecraftOptions): Promise<MinecraftServer> {
  const { address, port, motd, maxPlayers, version = '1.16.5' } = options
  const what = `Minecraft server on ${address}:${port}`
  await assertPortFree(address, port, what)
  // Its own stdout and stderr, so flying-squid's prompt never reaches the lab's terminal.
  const worker = new Worker(serverScript, { workerData: { address, port, motd, maxPlayers, version }, stdout: true, stderr: true })
  worker.stdout.resume()
  let stderr = ''
  worker.stderr.setEncoding('utf8')
  worker.stderr.on('data', (chunk: string) => {
    stderr = (stderr + chunk).slice(-stderrTail)
  })
  let exited = false
  worker.once('exit', () => {
    exited = true
  })
  let crash = ''
  // An uncaught error ends the worker; without a listener it would also crash the lab.
  worker.on('error', (error) => {
    crash = error.message
  })
  const details = (): string => {
    const text = [crash, stderr.trim()].filter(Boolean).join(' | ').replace(/\s*\n\s*/g, ' | ')
    return text ? ` (${text})` : ''
  }
  const answer = (type: WorkerMessage['type'], timeoutMs: number): Promise<void> =>
    exited ? Promise.reject(new Error(`${what}: has exited${details()}`)) : awaitAnswer(worker, type, timeoutMs, what, details)

  try {
    await answer('listening', startTimeoutMs)
  } catch (error) {
    await worker.terminate()
    throw error
  }

  let closed: Promise<void> | undefined
  return {
    address,
    port,
    version,
    async setSampleSize(count) {
      worker.postMessage({ type: 'sample-size', count })
      await answer('sample-size-set', answerTimeoutMs)
    },
    close: () => {
      closed ??= (async () => {
        worker.postMessage({ type: 'quit' })
        // A player that never disconnects must not keep the lab from stopping.
        await answer('quit-done', answerTimeoutMs).catch(() => undefined)
        await worker.terminate()
      })()
      return closed
    }
  }
}

/** Resolves on the worker's `type` message; rejects on its error, its exit or the timeout. */
function awaitAnswer(worker: Worker, type: WorkerMessage['type'], timeoutMs: number, what: string, details: () => string): Promise<void> {
  return new Promise((resolve, reject) => {
    const finish = (error?: Error): void => {
      clearTimeout(timer)
      worker.off('message', onMessage)
      worker.off('exit', onExit)
      if (error) reject(error)
      else resolve()
    }
    const timer = setTimeout(() => finish(new Error(`${what}: no answer after ${timeoutMs / 1000} s${details()}`)), timeoutMs)
    const onMessage = (message: unknown): void => {
      const parsed = workerMessage(message)
      if (parsed?.type === 'error') finish(new Error(`${what}: ${parsed.message}`))
      else if (parsed?.type === type) finish()
    }
    const onExit = (): void => finish(new Error(`${what}: exited early${details()}`))
    worker.on('message', onMessage)
    worker.once('exit', onExit)
  })
}

function workerMessage(message: unknown): WorkerMessage | undefined {
  if (typeof message !== 'object' || message === null || !('type' in message)) return undefined
  const { type } = message
  if (type === 'listening' || type === 'sample-size-set' || type === 'quit-done') return { type }
  if (type === 'error') return { type, message: 'message' in message ? String(message.message) : 'unknown error' }
  return undefined
}
