import type { HealthTransition, NodeHealth, NodeStatus } from '../../../../src-shared/health'
import type { Node } from '../../../../src-shared/inventory'
import type { Samples } from '../../../../src-shared/metrics'
import { appendRecent, sparklineKeys, type RecentSeries } from './recent-series'

export type HealthByNode = Readonly<Record<string, NodeHealth>>

/** What the renderer holds of the core's health, per node id. */
export interface HealthData {
  readonly nodes: HealthByNode
  /** Every metric key a node's samples have shown, sorted: which charts it has, even while it is down. */
  readonly knownKeys: Readonly<Record<string, readonly string[]>>
  /** Sparkline history, only for nodes a dashboard asked about. */
  readonly recent: Readonly<Record<string, RecentSeries>>
}

export const emptyHealth: HealthData = { nodes: {}, knownKeys: {}, recent: {} }

export interface HealthChange {
  readonly nodes: readonly NodeHealth[]
  readonly removed: readonly string[]
}

/** When a node's health was last news: an event may overtake a snapshot that was on its way. */
function freshness(health: NodeHealth): number {
  return Math.max(health.since, health.checkedAt ?? Number.NEGATIVE_INFINITY)
}

export function samplesChanged(before: Samples | undefined, after: Samples): boolean {
  const keys = Object.keys(after)
  if (!before || keys.length !== Object.keys(before).length) return keys.length > 0
  return keys.some((key) => before[key] !== after[key])
}

/** The union of the keys held and those of the samples; the same array when nothing is new. */
export function rememberKeys(held: readonly string[] | undefined, samples: Samples): readonly string[] {
  const fresh = Object.keys(samples).filter((key) => !held?.includes(key))
  if (held && fresh.length === 0) return held
  return [...(held ?? []), ...fresh].sort()
}

function without<T>(record: Readonly<Record<string, T>>, ids: Iterable<string>): Readonly<Record<string, T>> {
  const next = { ...record }
  for (const id of ids) delete next[id]
  return next
}

function remember(knownKeys: HealthData['knownKeys'], health: NodeHealth): HealthData['knownKeys'] {
  const held = knownKeys[health.nodeId]
  if (Object.keys(health.samples).length === 0) return knownKeys
  const next = rememberKeys(held, health.samples)
  return next === held ? knownKeys : { ...knownKeys, [health.nodeId]: next }
}

/**
 * The core's full list replaces what is held (a node missing from it is gone), except where an
 * event newer than the list arrived while the list was on its way.
 */
export function applySnapshot(data: HealthData, listed: readonly NodeHealth[]): HealthData {
  const nodes: Record<string, NodeHealth> = {}
  let knownKeys = data.knownKeys
  for (const health of listed) {
    const held = data.nodes[health.nodeId]
    nodes[health.nodeId] = held && freshness(held) > freshness(health) ? held : health
    knownKeys = remember(knownKeys, health)
  }
  const gone = Object.keys(data.nodes).filter((id) => !(id in nodes))
  return { nodes, knownKeys: without(knownKeys, gone), recent: without(data.recent, gone) }
}

/**
 * A `health.changed` event: its nodes replace the held ones (events come in order), removed
 * nodes are forgotten, and a node's new samples extend its sparklines when a dashboard follows it.
 */
export function applyChange(data: HealthData, change: HealthChange, now: number): HealthData {
  const nodes: Record<string, NodeHealth> = { ...data.nodes }
  let knownKeys = data.knownKeys
  let recent = data.recent
  for (const health of change.nodes) {
    const before = nodes[health.nodeId]
    nodes[health.nodeId] = health
    knownKeys = remember(knownKeys, health)
    const buffer = recent[health.nodeId]
    // A new status of a service re-sends the node's unchanged samples: that is no new point.
    if (buffer && samplesChanged(before?.samples, health.samples)) {
      const next = appendRecent(buffer, health.checkedAt ?? now, health.samples, sparklineKeys, now)
      if (next !== buffer) recent = { ...recent, [health.nodeId]: next }
    }
  }
  return {
    nodes: without(nodes, change.removed),
    knownKeys: without(knownKeys, change.removed),
    recent: without(recent, change.removed)
  }
}

/** "Pi Primary is down: the connection was refused". */
export function transitionMessage(transition: HealthTransition): string {
  const reason = transition.reason && transition.to !== 'up' ? `: ${transition.reason}` : ''
  const back = transition.to === 'up' && transition.from !== 'unknown' ? ' again' : ''
  return `${transition.name} is ${transition.to}${back}${reason}`
}

/** Waking makes sense for a node that can be woken and does not answer (or is not known to). */
export function canWake(health: NodeHealth | undefined): boolean {
  return health !== undefined && health.wakeable && (health.status === 'asleep' || health.status === 'down' || health.status === 'unknown')
}

export type StatusCounts = Readonly<Record<NodeStatus | 'planned', number>>

/** How many nodes are in each status; planned nodes count apart, they are never polled. */
export function countStatuses(nodes: readonly Node[], health: HealthByNode): StatusCounts {
  const counts = { up: 0, degraded: 0, down: 0, asleep: 0, unknown: 0, planned: 0 }
  for (const node of nodes) {
    if (node.disabled) counts.planned++
    else counts[health[node.id]?.status ?? 'unknown']++
  }
  return counts
}

/** "3 up, 1 degraded, 0 down, 0 asleep, 1 unknown" (and the planned ones, if any). */
export function summaryText(counts: StatusCounts): string {
  const parts = (['up', 'degraded', 'down', 'asleep', 'unknown'] as const).map((status) => `${counts[status]} ${status}`)
  if (counts.planned > 0) parts.push(`${counts.planned} planned`)
  return parts.join(', ')
}
