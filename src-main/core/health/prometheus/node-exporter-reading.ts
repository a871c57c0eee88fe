import type { Samples } from '../../../../src-shared/metrics'
import type { ExpositionSample } from './exposition'

/** The node_exporter families the console charts; pass it to parseExposition to skip the rest. */
export const nodeExporterFamilies: ReadonlySet<string> = new Set([
  'node_cpu_seconds_total',
  'node_memory_MemTotal_bytes',
  'node_memory_MemAvailable_bytes',
  'node_memory_SwapTotal_bytes',
  'node_memory_SwapFree_bytes',
  'node_load1',
  'node_load5',
  'node_load15',
  'node_filesystem_size_bytes',
  'node_filesystem_avail_bytes',
  'node_filesystem_free_bytes',
  'node_network_receive_bytes_total',
  'node_network_transmit_bytes_total',
  'node_hwmon_temp_celsius',
  'node_thermal_zone_temp'
])

/** In-memory and image filesystems: their "usage" says nothing about the node's disks. */
const ignoredFilesystemTypes: ReadonlySet<string> = new Set(['tmpfs', 'overlay', 'squashfs'])

export interface FilesystemReading {
  readonly mount: string
  readonly sizeBytes: number
  readonly freeBytes: number
  readonly availBytes: number
}

/** One scrape of a node_exporter, as counters and gauges; rates need two of them. */
export interface NodeExporterReading {
  /** Monotonic milliseconds when the scrape answered; rates divide by the gap between two readings. */
  readonly atMs: number
  /** Seconds over all CPUs and modes, and of them idle + iowait. */
  readonly cpuSeconds?: { readonly total: number; readonly idle: number }
  readonly memTotalBytes?: number
  readonly memAvailableBytes?: number
  readonly swapTotalBytes?: number
  readonly swapFreeBytes?: number
  readonly load1?: number
  readonly load5?: number
  readonly load15?: number
  readonly filesystems: readonly FilesystemReading[]
  /** Byte counters per network device, loopback left out. */
  readonly receiveBytes: ReadonlyMap<string, number>
  readonly transmitBytes: ReadonlyMap<string, number>
  /** The hottest sensor, °C. */
  readonly tempCelsius?: number
}

type Gauge = 'memTotalBytes' | 'memAvailableBytes' | 'swapTotalBytes' | 'swapFreeBytes' | 'load1' | 'load5' | 'load15'

const gauges: Readonly<Record<string, Gauge>> = {
  node_memory_MemTotal_bytes: 'memTotalBytes',
  node_memory_MemAvailable_bytes: 'memAvailableBytes',
  node_memory_SwapTotal_bytes: 'swapTotalBytes',
  node_memory_SwapFree_bytes: 'swapFreeBytes',
  node_load1: 'load1',
  node_load5: 'load5',
  node_load15: 'load15'
}

/** Gathers the samples of one scrape (taken at monotonic `atMs`) into a reading. */
export function readNodeExporter(samples: readonly ExpositionSample[], atMs: number): NodeExporterReading {
  const values: Partial<Record<Gauge, number>> = {}
  let cpuTotal: number | undefined
  let cpuIdle = 0
  let tempCelsius: number | undefined
  const sizes = new Map<string, number>()
  const avails = new Map<string, number>()
  const frees = new Map<string, number>()
  const receiveBytes = new Map<string, number>()
  const transmitBytes = new Map<string, number>()

  for (const { name, labels, value } of samples) {
    switch (name) {
      case 'node_cpu_seconds_total':
        cpuTotal = (cpuTotal ?? 0) + value
        if (labels.mode === 'idle' || labels.mode === 'iowait') cpuIdle += value
        break
      case 'node_filesystem_size_bytes':
        if (isChartedFilesystem(labels)) sizes.set(labels.mountpoint, value)
        break
      case 'node_filesystem_avail_bytes':
        if (isChartedFilesystem(labels)) avails.set(labels.mountpoint, value)
        break
      case 'node_filesystem_free_bytes':
        if (isChartedFilesystem(labels)) frees.set(labels.mountpoint, value)
        break
      case 'node_network_receive_bytes_total':
        if (isChartedDevice(labels)) receiveBytes.set(labels.device, value)
        break
      case 'node_network_transmit_bytes_total':
        if (isChartedDevice(labels)) transmitBytes.set(labels.device, value)
        break
      case 'node_hwmon_temp_celsius':
      case 'node_thermal_zone_temp':
        if (Number.isFinite(value) && (tempCelsius === undefined || value > tempCelsius)) tempCelsius = value
        break
      default: {
        const gauge = gauges[name]
        if (gauge !== undefined) values[gauge] = value
      }
    }
  }

  const filesystems: FilesystemReading[] = []
  for (const [mount, sizeBytes] of sizes) {
    const availBytes = avails.get(mount)
    const freeBytes = frees.get(mount)
    if (availBytes !== undefined && freeBytes !== undefined) filesystems.push({ mount, sizeBytes, freeBytes, availBytes })
  }
  return {
    atMs,
    ...values,
    ...(cpuTotal !== undefined && { cpuSeconds: { total: cpuTotal, idle: cpuIdle } }),
    filesystems,
    receiveBytes,
    transmitBytes,
    ...(tempCelsius !== undefined && { tempCelsius })
  }
}

/**
 * The reading under the keys of src-shared/metrics.ts. CPU % and network rates come from the
 * change since `previous`, so the first scrape has none, and neither does a scrape after a
 * counter went backwards (a reboot or a re-created interface).
 */
export function nodeExporterSamples(current: NodeExporterReading, previous?: NodeExporterReading): Samples {
  const samples: Record<string, number> = {}
  const put = (key: string, value: number | undefined) => {
    if (value !== undefined && Number.isFinite(value)) samples[key] = value
  }

  put('load1', current.load1)
  put('load5', current.load5)
  put('load15', current.load15)
  const { memTotalBytes: memTotal, memAvailableBytes: memAvailable, swapTotalBytes: swapTotal, swapFreeBytes: swapFree } = current
  if (memTotal !== undefined && memAvailable !== undefined && memTotal > 0) {
    put('mem', percent(memTotal - memAvailable, memTotal))
    put('mem.used', memTotal - memAvailable)
    put('mem.total', memTotal)
  }
  if (swapTotal !== undefined && swapFree !== undefined) {
    // A node without swap has no swap %: 0 of 0 is not "0 % used".
    if (swapTotal > 0) put('swap', percent(swapTotal - swapFree, swapTotal))
    put('swap.used', swapTotal - swapFree)
    put('swap.total', swapTotal)
  }
  for (const { mount, sizeBytes, freeBytes, availBytes } of current.filesystems) {
    // As df counts it: used is size − free, and the share is of what users can have (used + avail).
    const usedBytes = sizeBytes - freeBytes
    if (sizeBytes <= 0 || usedBytes + availBytes <= 0) continue
    put(`disk:${mount}`, percent(usedBytes, usedBytes + availBytes))
    put(`disk.used:${mount}`, usedBytes)
    put(`disk.size:${mount}`, sizeBytes)
  }
  put('temp', current.tempCelsius)

  const seconds = previous === undefined ? 0 : (current.atMs - previous.atMs) / 1000
  if (previous !== undefined && seconds > 0) {
    put('cpu', cpuBusyPercent(current.cpuSeconds, previous.cpuSeconds))
    put('net.rx', bytesPerSecond(current.receiveBytes, previous.receiveBytes, seconds))
    put('net.tx', bytesPerSecond(current.transmitBytes, previous.transmitBytes, seconds))
  }
  return samples
}

function isChartedFilesystem(labels: Readonly<Record<string, string>>): labels is { readonly mountpoint: string } {
  return labels.mountpoint !== undefined && !ignoredFilesystemTypes.has(labels.fstype ?? '')
}

function isChartedDevice(labels: Readonly<Record<string, string>>): labels is { readonly device: string } {
  return labels.device !== undefined && labels.device !== 'lo'
}

function percent(part: number, whole: number): number {
  return (100 * part) / whole
}

function cpuBusyPercent(current: NodeExporterReading['cpuSeconds'], previous: NodeExporterReading['cpuSeconds']): number | undefined {
  if (current === undefined || previous === undefined) return undefined
  const total = current.total - previous.total
  const idle = current.idle - previous.idle
  if (total <= 0 || idle < 0 || idle > total) return undefined
  return percent(total - idle, total)
}

/** Summed over the devices present both times; undefined when any of them went backwards. */
function bytesPerSecond(current: ReadonlyMap<string, number>, previous: ReadonlyMap<string, number>, seconds: number): number | undefined {
  let bytes = 0
  let devices = 0
  for (const [device, now] of current) {
    const before = previous.get(device)
    if (before === undefined) continue
    if (now < before) return undefined
    bytes += now - before
    devices++
  }
  return devices > 0 ? bytes / seconds : undefined
}
