/**
 * The console's metric vocabulary. Every source (SSH, node_exporter, Prometheus, Ollama,
 * Minecraft, the image worker) reports samples under these keys, so the store and the charts
 * need not know where a number came from.
 *
 * Keys of a host:
 *   cpu            CPU busy, % of all cores (0–100)
 *   load1 load5 load15
 *   mem            memory used, % ; mem.used / mem.total in bytes ("used" = total − available)
 *   swap           swap used, %   ; swap.used / swap.total in bytes
 *   disk:<mount>   filesystem used, % ; disk.used:<mount> / disk.size:<mount> in bytes
 *   net.rx net.tx  bytes per second, summed over every interface but loopback
 *   temp           hottest temperature sensor, °C
 *   throttled      Raspberry Pi get_throttled bits (0 = fine)
 *   gpu<i>.util    GPU busy, % ; gpu<i>.temp °C ; gpu<i>.mem % ; gpu<i>.mem.used bytes
 * Keys of a service:
 *   latency        ms of the probe's round trip
 *   players        Minecraft players online
 *   vram           bytes of VRAM held by loaded Ollama models
 *   queue          image jobs waiting on the worker
 */
export type Samples = Readonly<Record<string, number>>

export type MetricUnit = 'percent' | 'bytes' | 'bytesPerSecond' | 'celsius' | 'ms' | 'count' | 'load'

/** The unit of a key, for axes and tooltips. */
export function metricUnit(key: string): MetricUnit {
  if (key === 'net.rx' || key === 'net.tx') return 'bytesPerSecond'
  if (key.startsWith('load')) return 'load'
  if (key === 'latency') return 'ms'
  if (key === 'temp' || /^gpu\d+\.temp$/.test(key)) return 'celsius'
  if (key === 'vram' || /\.(used|total|size)(:|$)/.test(key)) return 'bytes'
  if (key === 'cpu' || key === 'mem' || key === 'swap' || key.startsWith('disk:') || /^gpu\d+\.(util|mem)$/.test(key)) return 'percent'
  return 'count'
}

/** A line of facts a probe found, shown next to its status: "version" → "0.5.7". */
export interface Fact {
  readonly label: string
  readonly value: string
}
