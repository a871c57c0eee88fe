import { connect, type NetConnectOpts } from 'node:net'
import { setTimeout as delay } from 'node:timers/promises'
import type { ManagedProcess } from './process'

/** True when something accepts TCP connections on host:port within `timeoutMs`. */
export function canConnect(host: string, port: number, timeoutMs = 1000): Promise<boolean> {
  return accepts({ host, port }, timeoutMs)
}

/** True when something accepts connections on the unix socket at `path` within `timeoutMs`. */
export function canConnectTo(path: string, timeoutMs = 1000): Promise<boolean> {
  return accepts({ path }, timeoutMs)
}

function accepts(target: NetConnectOpts, timeoutMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(target)
    const finish = (open: boolean): void => {
      socket.destroy()
      resolve(open)
    }
    socket.setTimeout(timeoutMs, () => finish(false))
    socket.once('connect', () => finish(true))
    socket.once('error', () => finish(false))
  })
}

/**
 * Fails early when a port is taken: otherwise a leftover lab would answer our readiness
 * checks while the new process quietly fails to bind.
 */
export async function assertPortFree(host: string, port: number, what: string): Promise<void> {
  if (await canConnect(host, port)) {
    throw new Error(`${what}: ${host}:${port} is already in use (is another lab still running?)`)
  }
}

/**
 * Polls `check` until it is true. Gives up with the process's stderr when the process
 * exits first or the timeout passes, so a failed start explains itself.
 */
export async function waitUntil(
  what: string,
  check: () => Promise<boolean>,
  options: { timeoutMs?: number; process?: ManagedProcess } = {}
): Promise<void> {
  const { timeoutMs = 10_000, process } = options
  const deadline = Date.now() + timeoutMs
  // One line, so the CLI can print it as a single error message.
  const details = (): string => {
    const stderr = process?.stderr().replace(/\s*\n\s*/g, ' | ')
    return stderr ? ` (stderr: ${stderr})` : ''
  }
  for (;;) {
    if (process?.hasExited()) throw new Error(`${what}: exited early${details()}`)
    if (await check()) return
    if (Date.now() > deadline) {
      throw new Error(`${what}: not ready after ${timeoutMs / 1000} s${details()}`)
    }
    await delay(100)
  }
}
