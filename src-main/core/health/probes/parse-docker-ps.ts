import type { ProbeResult } from '../probe'
import type { NodeCommandResult } from './node-command'

/** One line of `docker ps --format '{{json .}}'`, reduced to what the probe reads. */
export interface DockerPsRow {
  readonly id: string
  /** A container has one name, plus "other/alias" names for legacy links. */
  readonly names: readonly string[]
  readonly image: string
  /** created | running | paused | restarting | removing | exited | dead */
  readonly state: string
  /** The engine's own words: "Up 2 hours (healthy)", "Exited (1) 3 minutes ago". */
  readonly status: string
}

export type ContainerVerdict = Pick<ProbeResult, 'status' | 'reason' | 'facts'>

/** Rows of the output; lines that are not container objects (warnings, garbage) are skipped. */
export function parseDockerPsRows(stdout: string): DockerPsRow[] {
  const rows: DockerPsRow[] = []
  for (const line of stdout.split('\n')) {
    const row = parseRow(line.trim())
    if (row) rows.push(row)
  }
  return rows
}

/** What `docker ps` on the node says of `container`, from the command's exit code and output. */
export function judgeDockerPs(container: string, result: NodeCommandResult): ContainerVerdict {
  const failure = describeFailure(result)
  if (failure !== undefined) return { status: 'down', reason: failure }
  const rows = parseDockerPsRows(result.stdout)
  if (rows.length === 0 && result.stdout.trim() !== '') return { status: 'down', reason: 'docker ps gave output that is not container JSON' }
  const name = container.replace(/^\//, '')
  const row = rows.find((candidate) => candidate.names.includes(name))
  if (!row) return { status: 'down', reason: `no container named ${name}` }
  const facts = [
    { label: 'image', value: row.image },
    { label: 'status', value: row.status }
  ]
  return { ...classify(row), facts }
}

function describeFailure({ code, stderr }: NodeCommandResult): string | undefined {
  if (code === 0) return undefined
  if (code === 127 || /command not found|docker: not found|Unknown command/i.test(stderr)) return 'docker is not installed on the node'
  if (/permission denied while trying to connect|connect: permission denied/i.test(stderr)) {
    return 'the SSH user may not use Docker: permission denied on the Docker socket (add the user to the "docker" group)'
  }
  // Docker up to 28 says "Cannot connect to the Docker daemon at X. Is …"; 29 "failed to connect to the docker API at X; check …".
  const unreachable = /Cannot connect to the Docker daemon at (\S+?)\.? Is the docker daemon running|failed to connect to the docker API at ([^\s;]+)/i.exec(stderr)
  if (unreachable) return `the Docker daemon is not running: nothing answers at ${unreachable[1] ?? unreachable[2]}`
  const firstLine = stderr.trim().split('\n')[0]?.trim()
  return `docker ps failed: ${firstLine || (code === null ? 'it ended without an exit status' : `exit code ${code}`)}`
}

function classify(row: DockerPsRow): Omit<ContainerVerdict, 'facts'> {
  const state = row.state || stateFromStatus(row.status)
  switch (state) {
    case 'running':
      if (/\(unhealthy\)/i.test(row.status)) return { status: 'degraded', reason: 'running but unhealthy' }
      if (/\(health: starting\)/i.test(row.status)) return { status: 'degraded', reason: 'running, its health check has not passed yet' }
      return { status: 'up' }
    case 'restarting':
      return { status: 'degraded', reason: lowerFirst(row.status) || 'restarting' }
    case 'exited':
      return { status: 'down', reason: lowerFirst(row.status) || 'exited' }
    case 'created':
      return { status: 'down', reason: 'created but never started' }
    case 'paused':
      return { status: 'down', reason: 'paused' }
    case 'dead':
      return { status: 'down', reason: 'dead (Docker failed to stop or remove it)' }
    case 'removing':
      return { status: 'down', reason: 'being removed' }
    default:
      return { status: 'down', reason: `in state "${state || row.status || 'unknown'}"` }
  }
}

/** Docker CLIs before 20.10 print no State; the status text tells it. */
function stateFromStatus(status: string): string {
  if (/^Up .*\(Paused\)$/.test(status)) return 'paused'
  if (status.startsWith('Up ')) return 'running'
  if (status.startsWith('Restarting')) return 'restarting'
  if (status.startsWith('Exited')) return 'exited'
  if (status.startsWith('Created')) return 'created'
  if (status.startsWith('Dead')) return 'dead'
  if (status.startsWith('Removal')) return 'removing'
  return ''
}

function parseRow(line: string): DockerPsRow | undefined {
  if (!line.startsWith('{')) return undefined
  let value: unknown
  try {
    value = JSON.parse(line)
  } catch {
    return undefined
  }
  if (value === null || typeof value !== 'object') return undefined
  const fields = value as Record<string, unknown>
  const names = namesOf(fields.Names)
  if (names.length === 0) return undefined
  return { id: text(fields.ID), names, image: text(fields.Image), state: text(fields.State).toLowerCase(), status: text(fields.Status) }
}

function namesOf(value: unknown): string[] {
  const list = typeof value === 'string' ? value.split(',') : Array.isArray(value) ? value.filter((name): name is string => typeof name === 'string') : []
  return list.map((name) => name.trim().replace(/^\//, '')).filter((name) => name !== '')
}

function text(value: unknown): string {
  return typeof value === 'string' ? value : ''
}

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1)
}
