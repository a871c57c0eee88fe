import { performance } from 'node:perf_hooks'

export interface NodeCommandResult {
  /** null when the command died of a signal or the server sent no exit status. */
  readonly code: number | null
  readonly stdout: string
  readonly stderr: string
}

/** The connection pool's exec, passed in so a probe needs nothing else of the pool. */
export type NodeExec = (nodeId: string, command: string, options: { timeoutMs: number }) => Promise<NodeCommandResult>

export type NodeCommandOutcome = { readonly ok: true; readonly result: NodeCommandResult; readonly latencyMs: number } | { readonly ok: false; readonly reason: string }

/** Runs one command on a node over its SSH connection; never rejects, gives up when `signal` aborts. */
export function runOnNode(exec: NodeExec, nodeId: string, command: string, timeoutMs: number, signal: AbortSignal): Promise<NodeCommandOutcome> {
  if (signal.aborted) return Promise.resolve({ ok: false, reason: 'timeout' })
  return new Promise((resolve) => {
    const started = performance.now()
    const settle = (outcome: NodeCommandOutcome) => {
      signal.removeEventListener('abort', onAbort)
      resolve(outcome)
    }
    const onAbort = () => settle({ ok: false, reason: 'timeout' })
    signal.addEventListener('abort', onAbort)
    Promise.resolve()
      .then(() => exec(nodeId, command, { timeoutMs }))
      .then(
        (result) => settle({ ok: true, result, latencyMs: performance.now() - started }),
        (error: unknown) => {
          // exec keeps its own clock, which may ring just before the scheduler's.
          const timedOut = signal.aborted || performance.now() - started >= timeoutMs
          settle({ ok: false, reason: timedOut ? 'timeout' : `no SSH connection: ${error instanceof Error ? error.message : String(error)}` })
        }
      )
  })
}

/**
 * Quotes one word for the login shell sshd hands the command to. Inside single quotes sh, bash
 * and zsh take every character as it is; fish also does, except a backslash before a quote or
 * another backslash. Words with a single quote or such a backslash are refused, so the quoted
 * word means the same in all of them (systemd's "\x2d" escapes pass).
 */
export function singleQuoted(word: string): string {
  if (!quotableForEveryShell(word)) throw new Error(`cannot quote ${JSON.stringify(word)} for every shell`)
  return `'${word}'`
}

export function quotableForEveryShell(word: string): boolean {
  return !/'|\\(?=[\\']|$)/.test(word)
}
