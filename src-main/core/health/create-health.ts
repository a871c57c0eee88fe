import type { HealthTransition, Series, SeriesReply, UptimeReply } from '../../../src-shared/health'
import type { Inventory } from '../../../src-shared/inventory'
import type { EventHub } from '../events'
import type { Handlers } from '../rpc/dispatcher'
import type { ConnectionPool } from '../ssh/connection-pool'
import type { StoreDatabase } from '../store/database'
import { HealthService } from './health-service'
import { HealthEventsStore, type HealthEvent } from './history/health-events-store'
import type { Point } from './history/downsample'
import { MetricsHistory, rangeDurationsMs, type HistorySeries } from './history/metrics-history'
import { probesFor } from './inventory-probes'
import { TransitionNotifier, type Notify } from './notifier'
import { prometheusHistory } from './prometheus/prometheus-history'
import { sendMagicPacket } from './wake-on-lan'

export interface HealthOptions {
  readonly db: StoreDatabase
  readonly events: EventHub
  readonly inventory: () => Inventory
  readonly pool: ConnectionPool
  /** Desktop notifications; headless pages show transitions as toasts instead. */
  readonly notify?: Notify
  readonly polling?: HealthPolling
  readonly now?: () => number
}

export interface HealthPolling {
  /** False leaves every target unknown: for tests of other features. */
  readonly poll?: boolean
  readonly nodeIntervalMs?: number
  readonly nodeTimeoutMs?: number
}

const wakeCheckMs = 15_000
const checkNowSpacingMs = 2000

type HealthHandlerName = Extract<keyof Handlers, `health.${string}`>

export interface HealthFeature {
  readonly service: HealthService
  readonly handlers: Pick<Handlers, HealthHandlerName>
  apply(inventory: Inventory): void
  close(): void
}


/** Health polling, its history and its requests, wired together. */
export function createHealth(options: HealthOptions): HealthFeature {
  const now = options.now ?? Date.now
  const history = new MetricsHistory(options.db)
  const log = new HealthEventsStore(options.db)
  const notifier = options.notify ? new TransitionNotifier(options.notify) : undefined
  const service = new HealthService({
    probesFor: (inventory) =>
      options.polling?.poll === false
        ? []
        : probesFor(inventory, {
            exec: (nodeId, command, execOptions) => options.pool.exec(nodeId, command, execOptions),
            ...(options.polling?.nodeIntervalMs !== undefined && { nodeIntervalMs: options.polling.nodeIntervalMs }),
            ...(options.polling?.nodeTimeoutMs !== undefined && { nodeTimeoutMs: options.polling.nodeTimeoutMs })
          }),
    samples: history,
    transitions: log,
    sshState: (nodeId) => options.pool.states().find((state) => state.nodeId === nodeId),
    onChanged: (nodes, removed) => options.events.emit('health.changed', { nodes, removed }),
    onTransition: (transition) => {
      options.events.emit('health.transition', transition)
      notifier?.add(transition)
    },
    now
  })
  const unsubscribe = options.events.subscribe((name, payload) => {
    if (name === 'ssh.state') service.sshChanged((payload as { nodeId: string }).nodeId)
  })
  const wakeChecks = new Map<string, NodeJS.Timeout>()
  const checkedNow = new Map<string, number>()
  const node = (nodeId: string) => {
    const found = options.inventory().nodes.find((candidate) => candidate.id === nodeId)
    if (!found) throw new Error(`there is no node "${nodeId}" in the inventory`)
    return found
  }

  const handlers: HealthFeature['handlers'] = {
    'health.snapshot': () => service.snapshot(),
    'health.series': async ({ target, keys, range }): Promise<SeriesReply> => {
      const to = now()
      const from = to - rangeDurationsMs[range]
      const [nodeId, serviceId] = target.split('/')
      const owner = node(nodeId!)
      if (serviceId === undefined && owner.metrics.startsWith('prometheus:')) {
        try {
          const query = prometheusHistory(owner)
          if (query) return { from, to, source: 'prometheus', series: await query(keys, from, to), error: null }
        } catch (error) {
          return { from, to, source: 'prometheus', series: {}, error: error instanceof Error ? error.message : String(error) }
        }
      }
      return { from, to, source: 'console', series: gapsAsNull(history.series(target, keys, range, to)), error: null }
    },
    'health.uptime': ({ target, range, slots }): UptimeReply => {
      const to = now()
      const from = to - rangeDurationsMs[range]
      return { ratio: log.uptime(target, from, to, to), slots: log.uptimeBar(target, from, to, slots) }
    },
    'health.transitions': ({ nodeId, limit }): HealthTransition[] => {
      const inventory = options.inventory()
      return (nodeId === undefined ? log.recent(limit) : log.recentOfNode(limit, nodeId)).map((row) => describeTransition(inventory, row))
    },
    'health.checkNow': ({ nodeId }) => {
      node(nodeId)
      // A held key or a looping page must not turn the console into a load generator.
      const now = Date.now()
      if (now - (checkedNow.get(nodeId) ?? 0) >= checkNowSpacingMs) {
        checkedNow.set(nodeId, now)
        service.checkNow(nodeId)
      }
      return {}
    },
    'health.wake': async ({ nodeId }) => {
      const { wol, name } = node(nodeId)
      if (!wol) throw new Error(`${name} has no wake-on-LAN settings (wol: mac, broadcast, port) in the inventory`)
      await sendMagicPacket({ mac: wol.mac, address: wol.broadcast, port: wol.port })
      // A woken machine takes a while to boot: look sooner than its next turn.
      clearTimeout(wakeChecks.get(nodeId))
      wakeChecks.set(
        nodeId,
        setTimeout(() => {
          wakeChecks.delete(nodeId)
          service.checkNow(nodeId)
        }, wakeCheckMs)
      )
      return { sentTo: `${wol.broadcast}:${wol.port}` }
    }
  }

  return {
    service,
    handlers,
    apply: (inventory) => service.apply(inventory),
    close() {
      for (const timer of wakeChecks.values()) clearTimeout(timer)
      unsubscribe()
      notifier?.stop()
      service.stop()
      history.flush()
      // The hours the console is closed must not count as whatever it saw last.
      log.markAllUnknown(now(), 'the console stopped')
    }
  }
}

function describeTransition(
  inventory: Inventory,
  row: HealthEvent
): HealthTransition {
  const [nodeId, serviceId] = row.target.split('/') as [string, string | undefined]
  const node = inventory.nodes.find((candidate) => candidate.id === nodeId)
  const service = node?.services.find((candidate) => candidate.id === serviceId)
  const nodeName = node?.name ?? nodeId
  return {
    target: row.target,
    nodeId,
    serviceId: serviceId ?? null,
    name: serviceId === undefined ? nodeName : `${nodeName} › ${service?.name ?? serviceId}`,
    from: row.previous ?? 'unknown',
    to: row.status,
    reason: row.reason,
    at: row.at
  }
}

/** The history marks a gap with NaN, which JSON cannot carry: the contract's gap is null. */
function gapsAsNull(series: Record<string, HistorySeries>): Record<string, Series> {
  const clean = (points: readonly Point[]) => points.map(([t, v]): [number, number | null] => [t, Number.isNaN(v) ? null : v])
  return Object.fromEntries(
    Object.entries(series).map(([key, { points, min, max }]) => [key, { points: clean(points), ...(min && { min: clean(min) }), ...(max && { max: clean(max) }) }])
  )
}
