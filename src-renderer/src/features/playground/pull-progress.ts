import type { PullLayer, PullProgress } from '../../../../src-shared/ollama'

export type Pulls = Readonly<Record<string, PullProgress>>

/** Progress replaces what the pull said before, but a finished pull never runs again; it stays until dismissed. */
export function applyPullProgress(pulls: Pulls, progress: PullProgress): Pulls {
  const before = pulls[progress.pullId]
  if (before && before.state !== 'running' && progress.state === 'running') return pulls
  return { ...pulls, [progress.pullId]: progress }
}

/** The reply that started a pull: its events may have come first and are newer. */
export function addPull(pulls: Pulls, progress: PullProgress): Pulls {
  return pulls[progress.pullId] ? pulls : { ...pulls, [progress.pullId]: progress }
}

export function withoutPull(pulls: Pulls, pullId: string): Pulls {
  const { [pullId]: _gone, ...rest } = pulls
  return rest
}

/** The latest pull of a model on an endpoint (pull ids grow: "p12" is newer than "p9"). */
export function latestPull(pulls: Pulls, endpointId: string, model: string): PullProgress | null {
  let latest: PullProgress | null = null
  for (const pull of Object.values(pulls)) {
    if (pull.endpointId !== endpointId || pull.model !== model) continue
    if (!latest || pullNumber(pull.pullId) > pullNumber(latest.pullId)) latest = pull
  }
  return latest
}

export function pullsOf(pulls: Pulls, endpointId: string): PullProgress[] {
  return Object.values(pulls)
    .filter((pull) => pull.endpointId === endpointId)
    .sort((a, b) => pullNumber(b.pullId) - pullNumber(a.pullId))
}

function pullNumber(pullId: string): number {
  return Number(pullId.slice(1))
}

/** A layer's share done, 0..1; null while Ollama has not said its size. */
export function layerFraction(layer: PullLayer): number | null {
  if (!(layer.total > 0)) return null
  return Math.min(Math.max(layer.completed / layer.total, 0), 1)
}

/** The share of all bytes done, over the layers whose size is known. */
export function pullFraction(pull: PullProgress): number | null {
  if (pull.state === 'done') return 1
  const sized = pull.layers.filter((layer) => layer.total > 0)
  const total = sized.reduce((sum, layer) => sum + layer.total, 0)
  if (total === 0) return null
  return Math.min(sized.reduce((sum, layer) => sum + Math.min(layer.completed, layer.total), 0) / total, 1)
}

/** "6a0746a1ec1a" from "sha256:6a0746a1ec1a…": the short digest Ollama itself prints. */
export function shortDigest(digest: string): string {
  return digest.replace(/^sha256[:-]/, '').slice(0, 12)
}
