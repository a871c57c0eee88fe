import type { HealthTransition, NodeHealth, NodeStatus, ServiceHealth } from '../../../src-shared/health'
import type { Inventory, Node } from '../../../src-shared/inventory'
import type { Samples } from '../../../src-shared/metrics'
import type { SshConnectionState } from '../../../src-shared/ssh'
import type { Probe, ProbeResult, ProbeRun } from './probe'
import { Scheduler } from './scheduler'
import { nodeStatus, serviceStatus, type Judgement } from './status-model'

/** Where samples go: live buffers and per-minute rollups. */
export interface SampleSink {
  record(target: string, atMs: number, samples: Samples): void
  /** The target did not answer: its lines break here. */
  recordGap(target: string, atMs: number): void
  forget(target: string): void
}

/** Where status changes go, and what they add up to. */
export interface TransitionLog {
  recordTransition(target: string, atMs: number, status: NodeStatus, reason: string | null): void
  uptime(target: string, fromMs: number, toMs: number, nowMs: number): number | null
}

export interface HealthServiceOptions {
  readonly probesFor: (inventory: Inventory) => readonly Probe[]
  readonly samples: SampleSink
  readonly transitions: TransitionLog
  /** The SSH connection state of a node, to tell "waits on the user" from "down". */
  readonly sshState: (nodeId: string) => SshConnectionState | undefined
  readonly onChanged: (nodes: NodeHealth[], removed: string[]) => void
  readonly onTransition: (transition: HealthTransition) => void
  readonly maxInFlight?: number
  readonly now?: () => number
  /** How long changes are gathered before one `onChanged`. */
  readonly batchMs?: number
  /** Every run, for the bench. */
  readonly onRun?: (run: ProbeRun) => void
}

interface Latest {
  readonly result: ProbeResult
  readonly at: number
}

const day = 86_400_000
const uptimeRefreshMs = 60_000

/**
 * Polls every node and service of the inventory and keeps their status: the scheduler runs the
 * probes, this turns their results into node health, transitions, samples and batched events.
 */
export class HealthService {
  private readonly scheduler: Scheduler
  private readonly now: () => number
  private inventory: Inventory | undefined
  /** The inventory's nodes by id: a run looks its node up without a search. */
  private nodes = new Map<string, Node>()
  private probeIds = new Set<string>()
  private readonly latest = new Map<string, Latest>()
  private readonly health = new Map<string, NodeHealth>()
  private readonly uptimeAt = new Map<string, number>()
  private readonly dirty = new Set<string>()
  private readonly removed = new Set<string>()
  private flushTimer: NodeJS.Timeout | undefined

  constructor(private readonly options: HealthServiceOptions) {
    this.now = options.now ?? Date.now
    this.scheduler = new Scheduler({
      maxInFlight: options.maxInFlight ?? 64,
      onRun: (run) => this.onRun(run),
      // The history could not be written (a full disk, say): say so on stderr and keep polling.
      onRunError: (error, run) => console.error(`Homelab Console: the result of ${run.probeId} was not recorded:`, error),
      now: this.now
    })
  }

  /** Follows the inventory: new targets start, removed ones stop and are forgotten. */
  apply(inventory: Inventory): void {
    this.inventory = inventory
    this.nodes = new Map(inventory.nodes.map((node) => [node.id, node]))
    const probes = this.options.probesFor(inventory)
    const ids = new Set(probes.map((probe) => probe.id))
    for (const id of this.probeIds) {
      if (ids.has(id)) continue
      this.latest.delete(id)
      this.options.samples.forget(id)
    }
    this.probeIds = ids
    this.endRemovedTargets(inventory)
    const nodeIds = new Set(inventory.nodes.map((node) => node.id))
    for (const nodeId of this.health.keys()) {
      if (nodeIds.has(nodeId)) continue
      this.health.delete(nodeId)
      this.uptimeAt.delete(nodeId)
      this.dirty.delete(nodeId)
      this.removed.add(nodeId)
    }
    // A node removed and added back before the next batch is not removed.
    for (const nodeId of nodeIds) this.removed.delete(nodeId)
    for (const node of inventory.nodes) this.judge(node)
    this.scheduler.set(probes)
    this.scheduleFlush()
  }

  /** A target gone from the inventory stops counting as whatever it was last: its uptime ends there. */
  private endRemovedTargets(inventory: Inventory): void {
    const kept = new Set(inventory.nodes.flatMap((node) => [node.id, ...node.services.map((service) => `${node.id}/${service.id}`)]))
    const now = this.now()
    for (const health of this.health.values()) {
      const targets = [{ target: health.nodeId, status: health.status }, ...health.services.map((service) => ({ target: `${health.nodeId}/${service.serviceId}`, status: service.status }))]
      for (const { target, status } of targets) {
        if (!kept.has(target) && status !== 'unknown') this.options.transitions.recordTransition(target, now, 'unknown', 'no longer in the inventory')
      }
    }
  }

  snapshot(): NodeHealth[] {
    return this.inventory?.nodes.map((node) => this.health.get(node.id)).filter((health) => health !== undefined) ?? []
  }

  /** Runs the node's probes now; a node answering again after a wake shows at once. */
  checkNow(nodeId: string): void {
    this.scheduler.runNow((probeId) => probeId === nodeId || probeId.startsWith(`${nodeId}/`))
  }

  /** A node's SSH state changed: its status may depend on it. */
  sshChanged(nodeId: string): void {
    const node = this.nodes.get(nodeId)
    if (node) this.judge(node)
    this.scheduleFlush()
  }

  stats(): ReturnType<Scheduler['stats']> {
    return this.scheduler.stats()
  }

  stop(): void {
    this.scheduler.stop()
    if (this.flushTimer) clearTimeout(this.flushTimer)
    this.flushTimer = undefined
  }

  private onRun(run: ProbeRun): void {
    this.options.onRun?.(run)
    const { probeId, result, finishedAt } = run
    this.latest.set(probeId, { result, at: finishedAt })
    const samples = result.latencyMs === undefined ? result.samples : { ...result.samples, latency: result.latencyMs }
    if (samples) this.options.samples.record(probeId, finishedAt, samples)
    else this.options.samples.recordGap(probeId, finishedAt)
    const nodeId = probeId.split('/', 1)[0]!
    const node = this.nodes.get(nodeId)
    if (!node) return
    this.judge(node)
    this.scheduleFlush()
  }

  /** Works out a node's health from what is known and marks it for the next batch if it changed. */
  private judge(node: Node): void {
    const now = this.now()
    const previous = this.health.get(node.id)
    const own = this.latest.get(node.id)
    const ssh = this.options.sshState(node.id)
    const judgement = nodeStatus({
      node,
      probed: this.probeIds.has(node.id),
      reachability: own?.result,
      services: new Map(node.services.map((service) => [service.id, this.latest.get(`${node.id}/${service.id}`)?.result])),
      ...(ssh && { ssh: { phase: ssh.phase, message: ssh.message } })
    })
    const services = node.services.map((service) => this.serviceHealth(node, service.id, service.name ?? service.id, previous, now))
    const since = this.transition(node.id, node.name, null, previous?.status, previous?.since, judgement, now)
    const checked = [own?.at, ...node.services.map((service) => this.latest.get(`${node.id}/${service.id}`)?.at)].filter((at) => at !== undefined)
    const next: NodeHealth = {
      nodeId: node.id,
      status: judgement.status,
      reason: judgement.reason,
      since,
      checkedAt: checked.length > 0 ? Math.max(...checked) : null,
      samples: own?.result.status === 'down' ? {} : { ...own?.result.samples },
      facts: own?.result.status === 'down' ? [] : [...(own?.result.facts ?? [])],
      services,
      uptime: this.uptime(node.id, previous, since !== previous?.since, now),
      wakeable: node.wol !== undefined
    }
    if (previous && sameHealth(previous, next)) return
    this.health.set(node.id, next)
    this.dirty.add(node.id)
  }

  private serviceHealth(node: Node, serviceId: string, name: string, previous: NodeHealth | undefined, now: number): ServiceHealth {
    const target = `${node.id}/${serviceId}`
    const latest = this.latest.get(target)
    const judgement = serviceStatus(latest?.result)
    const before = previous?.services.find((service) => service.serviceId === serviceId)
    const since = this.transition(target, `${node.name} › ${name}`, serviceId, before?.status, before?.since, judgement, now, node.id)
    return {
      serviceId,
      status: judgement.status,
      reason: judgement.reason,
      since,
      checkedAt: latest?.at ?? null,
      latencyMs: latest?.result.latencyMs ?? null,
      facts: [...(latest?.result.facts ?? [])]
    }
  }

  /** Logs a change of status and tells the user about it; returns since when the status holds. */
  private transition(
    target: string,
    name: string,
    serviceId: string | null,
    from: NodeStatus | undefined,
    since: number | undefined,
    to: Judgement<NodeStatus>,
    now: number,
    nodeId = target
  ): number {
    if (from === to.status && since !== undefined) return since
    if (from !== undefined || to.status !== 'unknown') this.options.transitions.recordTransition(target, now, to.status, to.reason)
    if (from !== undefined && from !== 'unknown' && to.status !== 'unknown') {
      this.options.onTransition({ target, nodeId, serviceId, name, from, to: to.status, reason: to.reason, at: now })
    }
    return now
  }

  private uptime(nodeId: string, previous: NodeHealth | undefined, changed: boolean, now: number): NodeHealth['uptime'] {
    const at = this.uptimeAt.get(nodeId)
    if (previous && !changed && at !== undefined && now - at < uptimeRefreshMs) return previous.uptime
    this.uptimeAt.set(nodeId, now)
    return {
      day: this.options.transitions.uptime(nodeId, now - day, now, now),
      week: this.options.transitions.uptime(nodeId, now - 7 * day, now, now)
    }
  }

  private scheduleFlush(): void {
    if (this.flushTimer || (this.dirty.size === 0 && this.removed.size === 0)) return
    this.flushTimer = setTimeout(() => {
      this.flushTimer = undefined
      const nodes = [...this.dirty].map((nodeId) => this.health.get(nodeId)).filter((health) => health !== undefined)
      const removed = [...this.removed]
      this.dirty.clear()
      this.removed.clear()
      if (nodes.length > 0 || removed.length > 0) this.options.onChanged(nodes, removed)
    }, this.options.batchMs ?? 250)
  }
}

function sameHealth(a: NodeHealth, b: NodeHealth): boolean {
  return sameJson(a, b)
}

/**
 * Whether two plain values are equal as JSON (NaN equals NaN), stopping at the first difference:
 * checkedAt comes early and changes with nearly every run, so this rarely walks far.
 */
function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true
  if (typeof a === 'number' && typeof b === 'number') return Number.isNaN(a) && Number.isNaN(b)
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false
    return a.every((item, index) => sameJson(item, b[index]))
  }
  const aRecord = a as Record<string, unknown>
  const bRecord = b as Record<string, unknown>
  const keys = Object.keys(aRecord)
  if (keys.length !== Object.keys(bRecord).length) return false
  return keys.every((key) => Object.hasOwn(bRecord, key) && sameJson(aRecord[key], bRecord[key]))
}
