import { NodeStatus } from '../../../../src-shared/health'
import type { StoreDatabase } from '../../store/database'

/** A status transition of a node or service, with the status it left (null for its first). */
export interface HealthEvent {
  readonly target: string
  readonly at: number
  readonly status: NodeStatus
  readonly previous: NodeStatus | null
  readonly reason: string | null
}

export interface HealthEventsStoreOptions {
  /** How long transitions are kept (the last one before the cutoff stays: it says how things stood). */
  readonly retentionMs?: number
}

interface Segment {
  readonly start: number
  readonly end: number
  readonly status: NodeStatus
}

interface EventRow {
  target: string
  at: number
  status: string
  previous: string | null
  reason: string | null
}

const thirtyDaysMs = 30 * 24 * 60 * 60_000
const pruneEveryMs = 60 * 60_000
/** Which status a bar bucket shows when it saw several: the one that needs the user most. */
const severity: Readonly<Record<NodeStatus, number>> = { unknown: 0, asleep: 1, up: 2, degraded: 3, down: 4 }

/**
 * Status transitions of nodes and services, for the event list, uptime % and the uptime bar.
 * Between two transitions a target stayed as the first one says, so the console records
 * 'unknown' when it stops watching (markAllUnknown at shutdown); otherwise time it was closed
 * would count as the last status seen.
 */
export class HealthEventsStore {
  private readonly retentionMs: number
  private readonly insert
  private prunedAt = Number.NEGATIVE_INFINITY
  private readonly prune
  private readonly selectRecent
  private readonly selectRecentOf
  private readonly selectRecentOfNode
  private readonly selectStatusAt
  private readonly selectBetween
  private readonly selectLatestPerTarget

  constructor(db: StoreDatabase, options: HealthEventsStoreOptions = {}) {
    this.retentionMs = options.retentionMs ?? thirtyDaysMs
    this.insert = db.prepare<[string, number, string, string | null]>('INSERT INTO health_events (target, at, status, reason) VALUES (?, ?, ?, ?)')
    // Keeps, per target, the newest transition at or before the cutoff: uptime after the cutoff needs it.
    this.prune = db.prepare<{ cutoff: number }>(
      `DELETE FROM health_events WHERE at < @cutoff AND EXISTS (
         SELECT 1 FROM health_events AS later
         WHERE later.target = health_events.target AND later.at <= @cutoff
           AND (later.at > health_events.at OR (later.at = health_events.at AND later.id > health_events.id)))`
    )
    // The previous status is looked up per returned row, through the (target, at) index.
    const columns = `target, at, status, reason, (
      SELECT before.status FROM health_events AS before
      WHERE before.target = e.target AND (before.at < e.at OR (before.at = e.at AND before.id < e.id))
      ORDER BY before.at DESC, before.id DESC LIMIT 1) AS previous`
    this.selectRecent = db.prepare<[number], EventRow>(`SELECT ${columns} FROM health_events AS e ORDER BY at DESC, id DESC LIMIT ?`)
    this.selectRecentOf = db.prepare<[string, number], EventRow>(
      `SELECT ${columns} FROM health_events AS e WHERE target = ? ORDER BY at DESC, id DESC LIMIT ?`
    )
    // "node/" up to "node0" (the next character after "/"): every service of the node, on the index.
    this.selectRecentOfNode = db.prepare<[string, string, string, number], EventRow>(
      `SELECT ${columns} FROM health_events AS e WHERE target = ? OR (target >= ? AND target < ?) ORDER BY at DESC, id DESC LIMIT ?`
    )
    this.selectStatusAt = db.prepare<[string, number], { status: string }>(
      'SELECT status FROM health_events WHERE target = ? AND at <= ? ORDER BY at DESC, id DESC LIMIT 1'
    )
    this.selectBetween = db.prepare<[string, number, number], { at: number; status: string }>(
      'SELECT at, status FROM health_events WHERE target = ? AND at > ? AND at < ? ORDER BY at, id'
    )
    // The latest row per target, ties in time broken by insertion order as everywhere else.
    this.selectLatestPerTarget = db.prepare<[], { target: string; status: string }>(
      `SELECT target, status FROM health_events AS e
       WHERE id = (SELECT id FROM health_events WHERE target = e.target ORDER BY at DESC, id DESC LIMIT 1)`
    )
  }

  recordTransition(target: string, at: number, status: NodeStatus, reason?: string | null): void {
    this.insert.run(target, at, status, reason ?? null)
    // Pruning is a scan: once an hour is plenty for a 30-day retention.
    if (at - this.prunedAt < pruneEveryMs) return
    this.prunedAt = at
    this.prune.run({ cutoff: at - this.retentionMs })
  }

  /** Every target not already 'unknown' becomes so at `at`: the console stops watching. */
  markAllUnknown(at: number, reason: string): void {
    for (const { target, status } of this.selectLatestPerTarget.all()) {
      if (status !== 'unknown') this.recordTransition(target, at, 'unknown', reason)
    }
  }

  /** The newest transitions first, of every target or of one. */
  recent(limit: number, target?: string): HealthEvent[] {
    const count = Math.max(0, Math.floor(limit))
    return this.events(target === undefined ? this.selectRecent.all(count) : this.selectRecentOf.all(target, count))
  }

  /** The latest changes of a node and of its services, newest first. */
  recentOfNode(limit: number, nodeId: string): HealthEvent[] {
    return this.events(this.selectRecentOfNode.all(nodeId, `${nodeId}/`, `${nodeId}0`, Math.max(0, Math.floor(limit))))
  }

  private events(rows: readonly EventRow[]): HealthEvent[] {
    return rows.map((row) => ({
      target: row.target,
      at: row.at,
      status: parseStatus(row.status),
      previous: row.previous === null ? null : parseStatus(row.previous),
      reason: row.reason
    }))
  }

  /**
   * The fraction of the known time between fromMs and min(toMs, nowMs) that the target was
   * available (up or degraded). Asleep and unknown time count neither way; null when no time
   * in the window is known.
   */
  uptime(target: string, fromMs: number, toMs: number, nowMs: number): number | null {
    let available = 0
    let known = 0
    for (const { start, end, status } of this.timeline(target, fromMs, Math.min(toMs, nowMs))) {
      if (status === 'up' || status === 'degraded') available += end - start
      if (status === 'up' || status === 'degraded' || status === 'down') known += end - start
    }
    return known > 0 ? available / known : null
  }

  /** `buckets` equal slices of fromMs…toMs, each showing the most severe status it saw. */
  uptimeBar(target: string, fromMs: number, toMs: number, buckets: number): NodeStatus[] {
    const count = Math.floor(buckets)
    if (count < 1 || toMs <= fromMs) return []
    const width = (toMs - fromMs) / count
    const bar = new Array<NodeStatus>(count).fill('unknown')
    for (const { start, end, status } of this.timeline(target, fromMs, toMs)) {
      const first = Math.max(0, Math.floor((start - fromMs) / width))
      const last = Math.min(count - 1, Math.ceil((end - fromMs) / width) - 1)
      for (let i = first; i <= last; i++) if (severity[status] > severity[bar[i]!]) bar[i] = status
    }
    return bar
  }

  /** The statuses between two times, each with how long it lasted; empty spans are left out. */
  private timeline(target: string, fromMs: number, toMs: number): Segment[] {
    if (toMs <= fromMs) return []
    const before = this.selectStatusAt.get(target, fromMs)
    let status = before ? parseStatus(before.status) : 'unknown'
    let start = fromMs
    const segments: Segment[] = []
    for (const row of this.selectBetween.all(target, fromMs, toMs)) {
      if (row.at > start) segments.push({ start, end: row.at, status })
      start = row.at
      status = parseStatus(row.status)
    }
    segments.push({ start, end: toMs, status })
    return segments
  }
}

function parseStatus(value: string): NodeStatus {
  const parsed = NodeStatus.safeParse(value)
  return parsed.success ? parsed.data : 'unknown'
}
