import { spawn } from 'node:child_process'
import { readdirSync, readFileSync } from 'node:fs'
import { setTimeout as delay } from 'node:timers/promises'

/** A child process of the lab that can always be stopped, together with everything it forked. */
export interface ManagedProcess {
  readonly name: string
  readonly pid: number
  hasExited(): boolean
  /** The tail of what the process wrote to stderr, for error messages. */
  stderr(): string
  /** SIGTERM to the process and its descendants, SIGKILL to whatever is left after `graceMs`. */
  stop(graceMs?: number): Promise<void>
}

const stderrTail = 4096

export async function startProcess(
  name: string,
  command: string,
  args: readonly string[]
): Promise<ManagedProcess> {
  const child = spawn(command, args, { stdio: ['ignore', 'ignore', 'pipe'] })
  // spawn reports a missing binary asynchronously; wait for it so callers get a plain rejection.
  await new Promise<void>((resolve, reject) => {
    child.once('spawn', resolve)
    child.once('error', (error) => reject(new Error(`${name}: cannot run ${command}: ${error.message}`)))
  })
  const pid = child.pid as number

  let stderr = ''
  child.stderr.setEncoding('utf8')
  child.stderr.on('data', (chunk: string) => {
    stderr = (stderr + chunk).slice(-stderrTail)
  })

  let exited = false
  const exit = new Promise<void>((resolve) =>
    child.once('exit', () => {
      exited = true
      resolve()
    })
  )

  return {
    name,
    pid,
    hasExited: () => exited,
    stderr: () => stderr.trim(),
    async stop(graceMs = 5000) {
      if (exited) return
      // sshd's per-connection children call setsid(), so a process-group kill would miss them:
      // collect the whole tree from /proc before the parent dies and they are re-parented.
      const tree = [pid, ...descendantsOf(pid)]
      signal(tree, 'SIGTERM')
      const deadline = Date.now() + graceMs
      while (tree.some(isAlive) && Date.now() < deadline) await delay(50)
      signal(tree.filter(isAlive), 'SIGKILL')
      await exit
    }
  }
}

function signal(pids: readonly number[], sig: NodeJS.Signals): void {
  for (const pid of pids) {
    try {
      process.kill(pid, sig)
    } catch {
      // Already gone between the snapshot and now: nothing to stop.
    }
  }
}

/** State and parent of a process from /proc/<pid>/stat, or undefined once it is gone. */
function readStat(pid: number): { state: string; ppid: number } | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    // The command name is in parentheses and may itself contain spaces or ')'.
    const [state, ppid] = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
    return { state: state ?? '', ppid: Number(ppid) }
  } catch {
    return undefined
  }
}

/** Zombies count as gone: they hold no port and their parent (or init) reaps them. */
function isAlive(pid: number): boolean {
  const stat = readStat(pid)
  return stat !== undefined && stat.state !== 'Z'
}

function descendantsOf(root: number): number[] {
  const children = new Map<number, number[]>()
  for (const entry of readdirSync('/proc')) {
    const pid = Number(entry)
    if (!Number.isInteger(pid)) continue
    const stat = readStat(pid)
    if (stat === undefined) continue
    children.set(stat.ppid, [...(children.get(stat.ppid) ?? []), pid])
  }
  const found: number[] = []
  const queue = [root]
  for (let pid = queue.shift(); pid !== undefined; pid = queue.shift()) {
    const kids = children.get(pid) ?? []
    found.push(...kids)
    queue.push(...kids)
  }
  return found
}
