import type { Probe, ProbeResult } from '../probe'
import { runOnNode, singleQuoted, type NodeExec } from './node-command'
import { judgeDockerPs } from './parse-docker-ps'

export interface DockerTarget {
  readonly id: string
  readonly nodeId: string
  /** The container's name, as `docker ps` shows it. */
  readonly container: string
  readonly intervalMs: number
  readonly timeoutMs: number
  readonly exec: NodeExec
}

/**
 * Every container, one JSON object a line. `{{json .}}` asks for sizes, which makes the daemon
 * walk each writable layer; --size=false spares that where the CLI honours it (28 does; a CLI
 * that ignores it still answers). The whole list, not a name filter: filters match names as regexes.
 */
export const dockerPsCommand = `docker ps --all --no-trunc --size=false --format ${singleQuoted('{{json .}}')}`

/** A Docker container on the node, read with `docker ps` over the node's SSH connection. */
export function dockerProbe(target: DockerTarget): Probe {
  return {
    id: target.id,
    intervalMs: target.intervalMs,
    timeoutMs: target.timeoutMs,
    run: async (signal): Promise<ProbeResult> => {
      const outcome = await runOnNode(target.exec, target.nodeId, dockerPsCommand, target.timeoutMs, signal)
      if (!outcome.ok) return { status: 'down', reason: outcome.reason }
      return { ...judgeDockerPs(target.container, outcome.result), latencyMs: outcome.latencyMs }
    }
  }
}
