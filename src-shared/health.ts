import { z } from 'zod'
import { idSyntax } from './inventory'

/**
 * What the console knows of the health of every node and service, as the renderer sees it.
 * A target is a node id ("pi-primary") or a service of it ("pi-primary/minecraft").
 */

export const NodeStatus = z.enum(['up', 'down', 'degraded', 'unknown', 'asleep'])
export type NodeStatus = z.infer<typeof NodeStatus>

export const ServiceStatus = z.enum(['up', 'down', 'degraded', 'unknown'])
export type ServiceStatus = z.infer<typeof ServiceStatus>

const Fact = z.object({ label: z.string(), value: z.string() })
const Samples = z.record(z.string(), z.number())

export const ServiceHealth = z.object({
  serviceId: z.string(),
  status: ServiceStatus,
  reason: z.string().nullable(),
  /** Since when the status has been what it is (ms since epoch). */
  since: z.number(),
  checkedAt: z.number().nullable(),
  latencyMs: z.number().nullable(),
  facts: z.array(Fact)
})
export type ServiceHealth = z.infer<typeof ServiceHealth>

export const NodeHealth = z.object({
  nodeId: z.string(),
  status: NodeStatus,
  /** Why it is not up, in words: "the connection was refused", "2 of 5 services down". */
  reason: z.string().nullable(),
  since: z.number(),
  checkedAt: z.number().nullable(),
  /** The latest host metrics (keys of src-shared/metrics.ts) and what the source told. */
  samples: Samples,
  facts: z.array(Fact),
  services: z.array(ServiceHealth),
  /** Share of the known time that the node was up, or null before anything is known. */
  uptime: z.object({ day: z.number().nullable(), week: z.number().nullable() }),
  /** The node can be woken with a magic packet. */
  wakeable: z.boolean()
})
export type NodeHealth = z.infer<typeof NodeHealth>

/** A change of status worth telling the user about. */
export const HealthTransition = z.object({
  target: z.string(),
  nodeId: z.string(),
  serviceId: z.string().nullable(),
  /** "Pi Primary" or "Pi Primary › Minecraft". */
  name: z.string(),
  from: NodeStatus,
  to: NodeStatus,
  reason: z.string().nullable(),
  at: z.number()
})
export type HealthTransition = z.infer<typeof HealthTransition>

export const ChartRange = z.enum(['15m', '1h', '24h', '7d'])
export type ChartRange = z.infer<typeof ChartRange>

/** [time ms, value]; a null value is a gap (no answer), drawn as a break in the line. */
const Point = z.tuple([z.number(), z.number().nullable()])
export const Series = z.object({
  points: z.array(Point),
  /** The band of a rollup range: the lowest and highest value of each bucket. */
  min: z.array(Point).optional(),
  max: z.array(Point).optional()
})
export type Series = z.infer<typeof Series>
export type Point = z.infer<typeof Point>

/** A node id, or a node id and a service id: "pi", "pi/minecraft". */
export const TargetRef = z.string().regex(new RegExp(`^${idSyntax}(/${idSyntax})?$`), 'a target is "node" or "node/service"')

export const SeriesInput = z.strictObject({
  target: TargetRef,
  keys: z.array(z.string().min(1).max(200)).min(1).max(32),
  range: ChartRange
})

export const SeriesReply = z.object({
  from: z.number(),
  to: z.number(),
  /** "console" from the console's own poller, "prometheus" from the node's Prometheus. */
  source: z.enum(['console', 'prometheus']),
  series: z.record(z.string(), Series),
  /** Set when the source could not answer (e.g. the node's Prometheus is down). */
  error: z.string().nullable()
})
export type SeriesReply = z.infer<typeof SeriesReply>

/** Uptime is told over a day or a week. */
export const UptimeRange = z.enum(['24h', '7d'])
export type UptimeRange = z.infer<typeof UptimeRange>

export const UptimeSlot = z.enum(['up', 'degraded', 'down', 'asleep', 'unknown'])
export const UptimeReply = z.object({
  /** Share of the known time that the target was available, or null. */
  ratio: z.number().nullable(),
  /** Oldest first, the worst status of each slot. */
  slots: z.array(UptimeSlot)
})
export type UptimeReply = z.infer<typeof UptimeReply>

export const WakeReply = z.object({ sentTo: z.string() })
