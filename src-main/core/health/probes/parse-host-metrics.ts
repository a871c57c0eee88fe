import { hostMetricsEndMarker, hostMetricsSections, type HostMetricsSection } from './host-metrics-script'

/** Time the CPUs spent, in any one unit (jiffies over SSH, ms from node:os, seconds from node_exporter). */
export interface CpuTimes {
  readonly total: number
  /** idle + iowait: waiting on a disk is not work. */
  readonly idle: number
}

export interface MemoryReading {
  readonly totalBytes: number
  readonly availableBytes: number
}

export interface SwapReading {
  readonly totalBytes: number
  readonly freeBytes: number
}

export interface LoadReading {
  readonly one: number
  readonly five: number
  readonly fifteen: number
}

/** Byte counters since boot, which wrap or reset. */
export interface InterfaceCounters {
  readonly name: string
  readonly rxBytes: number
  readonly txBytes: number
}

export interface DiskReading {
  readonly mount: string
  readonly sizeBytes: number
  readonly usedBytes: number
  /** What a normal user can still write: less than size − used when blocks are reserved for root. */
  readonly availableBytes: number
}

export interface GpuReading {
  readonly index: number
  readonly name: string
  readonly utilPercent?: number
  readonly tempC?: number
  readonly memUsedBytes?: number
  readonly memTotalBytes?: number
}

/** One look at a host. A part the host did not report, or reported garbled, is undefined. */
export interface HostReading {
  readonly cpu?: CpuTimes
  readonly memory?: MemoryReading
  readonly swap?: SwapReading
  readonly load?: LoadReading
  readonly interfaces?: readonly InterfaceCounters[]
  readonly disks?: readonly DiskReading[]
  readonly temperaturesC?: readonly number[]
  /** Raspberry Pi `vcgencmd get_throttled` bits. */
  readonly throttled?: number
  readonly gpus?: readonly GpuReading[]
}

const kib = 1024
const mib = 1024 * 1024

/** Parses the output of hostMetricsScript; never throws. */
export function parseHostMetrics(output: string): HostReading {
  const sections = splitSections(output)
  const section = (name: HostMetricsSection) => sections.get(name) ?? []
  const vcgencmd = section('vcgencmd')
  const temperatures = [...parseThermal(section('thermal')), ...optional(parseVcgencmdTemp(vcgencmd))]
  return withoutUndefined({
    cpu: parseCpuLine(section('stat')),
    ...parseMeminfo(section('meminfo')),
    load: parseLoadavg(section('loadavg')),
    interfaces: nonEmpty(parseNetDev(section('netdev'))),
    disks: nonEmpty(parseDf(section('df'))),
    temperaturesC: nonEmpty(temperatures),
    throttled: parseThrottled(vcgencmd),
    gpus: nonEmpty(parseNvidiaSmi(section('nvidia')))
  })
}

/**
 * Lines by section. Without the end marker the output was cut, so the last section is dropped:
 * half a line of counters would read as a real, wrong number.
 */
export function splitSections(output: string): Map<HostMetricsSection, string[]> {
  const sections = new Map<HostMetricsSection, string[]>()
  const names: readonly string[] = hostMetricsSections
  let current: HostMetricsSection | undefined
  let complete = false
  for (const raw of output.split('\n')) {
    const line = raw.replace(/\r$/, '')
    if (line === hostMetricsEndMarker) {
      complete = true
      break
    }
    const name = line.startsWith('@@') ? line.slice(2) : undefined
    if (name !== undefined && names.includes(name)) {
      current = sections.has(name as HostMetricsSection) ? undefined : (name as HostMetricsSection)
      if (current) sections.set(current, [])
    } else if (current) sections.get(current)?.push(line)
  }
  if (!complete && current) sections.delete(current)
  return sections
}

/** The aggregate `cpu` line of /proc/stat. */
function parseCpuLine(lines: readonly string[]): CpuTimes | undefined {
  const fields = lines.find((line) => /^cpu\s/.test(line))?.trim().split(/\s+/).slice(1)
  if (!fields || fields.length < 4 || !fields.every((field) => /^\d+$/.test(field))) return undefined
  const values = fields.map(Number)
  // user nice system idle iowait irq softirq steal; guest time is already counted in user and nice.
  const counted = values.slice(0, 8)
  const total = counted.reduce((sum, value) => sum + value, 0)
  const idle = (counted[3] ?? 0) + (counted[4] ?? 0)
  return total > 0 ? { total, idle } : undefined
}

function parseMeminfo(lines: readonly string[]): { memory?: MemoryReading; swap?: SwapReading } {
  const kb = new Map<string, number>()
  for (const line of lines) {
    const match = /^(\w+(?:\(\w+\))?):\s+(\d+)(?:\s+kB)?\s*$/.exec(line)
    if (match?.[1] && match[2]) kb.set(match[1], Number(match[2]))
  }
  const total = kb.get('MemTotal')
  // Kernels before 3.14 have no MemAvailable; free + caches is the usual stand-in.
  const available = kb.get('MemAvailable') ?? sumIfAll([kb.get('MemFree'), kb.get('Buffers'), kb.get('Cached')])
  const swapTotal = kb.get('SwapTotal')
  const swapFree = kb.get('SwapFree')
  return withoutUndefined({
    memory: total !== undefined && total > 0 && available !== undefined ? { totalBytes: total * kib, availableBytes: Math.min(available, total) * kib } : undefined,
    swap: swapTotal !== undefined && swapFree !== undefined ? { totalBytes: swapTotal * kib, freeBytes: Math.min(swapFree, swapTotal) * kib } : undefined
  })
}

function parseLoadavg(lines: readonly string[]): LoadReading | undefined {
  const match = /^\s*(\d+(?:\.\d+)?)\s+(\d+(?:\.\d+)?)\s+(\d+(?:\.\d+)?)(?:\s|$)/.exec(lines[0] ?? '')
  if (!match) return undefined
  return { one: Number(match[1]), five: Number(match[2]), fifteen: Number(match[3]) }
}

/** /proc/net/dev: "  eth0: rx_bytes packets … (8 receive fields) tx_bytes …"; old kernels put no space after the colon. */
function parseNetDev(lines: readonly string[]): InterfaceCounters[] {
  const interfaces: InterfaceCounters[] = []
  for (const line of lines) {
    const match = /^\s*([^\s:]+):\s*(.*)$/.exec(line)
    if (!match?.[1] || match[2] === undefined) continue
    const fields = match[2].trim().split(/\s+/)
    if (fields.length < 16 || !fields.every((field) => /^\d+$/.test(field))) continue
    interfaces.push({ name: match[1], rxBytes: Number(fields[0]), txBytes: Number(fields[8]) })
  }
  return interfaces
}

/** Filesystems that hold no user data; busybox df cannot leave them out itself. */
const pseudoSources = new Set(['tmpfs', 'devtmpfs', 'overlay', 'squashfs', 'shm', 'none', 'udev', 'cgroup', 'proc', 'sysfs'])
const pseudoMount = /^\/(dev|proc|sys|run)(\/|$)/

/** `df -P -k`: "source blocks used available capacity mount"; the mount may hold spaces. */
function parseDf(lines: readonly string[]): DiskReading[] {
  const disks = new Map<string, DiskReading>()
  for (const line of lines) {
    const match = /^(\S+)\s+(\d+)\s+(\d+)\s+(\d+)\s+(?:\d+%|-)\s+(\/.*)$/.exec(line)
    if (!match?.[1] || !match[5]) continue
    const [source, mount] = [match[1], match[5]]
    const sizeBytes = Number(match[2]) * kib
    if (sizeBytes === 0 || pseudoSources.has(source) || pseudoMount.test(mount) || disks.has(mount)) continue
    disks.set(mount, { mount, sizeBytes, usedBytes: Number(match[3]) * kib, availableBytes: Number(match[4]) * kib })
  }
  return [...disks.values()]
}

/** Sensors that fail say -273 °C or absurd values; those are not temperatures. */
const plausibleC = (celsius: number) => celsius > -50 && celsius < 200

/** thermal_zone*\/temp: millidegrees Celsius, one per line. */
function parseThermal(lines: readonly string[]): number[] {
  return lines
    .filter((line) => /^\s*-?\d+\s*$/.test(line))
    .map((line) => Number(line) / 1000)
    .filter(plausibleC)
}

/** `vcgencmd measure_temp`: temp=48.3'C */
function parseVcgencmdTemp(lines: readonly string[]): number | undefined {
  const match = lines.map((line) => /^temp=(-?\d+(?:\.\d+)?)'C\s*$/.exec(line)).find(Boolean)
  const celsius = match ? Number(match[1]) : undefined
  return celsius !== undefined && plausibleC(celsius) ? celsius : undefined
}

/** `vcgencmd get_throttled`: throttled=0x50005 */
function parseThrottled(lines: readonly string[]): number | undefined {
  const match = lines.map((line) => /^throttled=0x([0-9a-f]+)\s*$/i.exec(line)).find(Boolean)
  return match?.[1] ? Number.parseInt(match[1], 16) : undefined
}

/** nvidia-smi csv,noheader,nounits: "index, name, util %, temp °C, memory used MiB, memory total MiB". */
function parseNvidiaSmi(lines: readonly string[]): GpuReading[] {
  const gpus: GpuReading[] = []
  for (const line of lines) {
    // The name is matched lazily, so a comma inside it cannot shift the numbers after it.
    const match = /^\s*(\d+),\s*(.+?),\s*([^,]*),\s*([^,]*),\s*([^,]*),\s*([^,]*)$/.exec(line)
    if (!match) continue
    const [, index, name, util, temp, memUsed, memTotal] = match
    gpus.push(
      withoutUndefined({
        index: Number(index),
        name: name ?? '',
        utilPercent: gpuNumber(util),
        tempC: gpuNumber(temp),
        memUsedBytes: times(gpuNumber(memUsed), mib),
        memTotalBytes: times(gpuNumber(memTotal), mib)
      })
    )
  }
  return gpus
}

/** "[N/A]" and "[Not Supported]" stand where a GPU lacks a value. */
function gpuNumber(field: string | undefined): number | undefined {
  const trimmed = field?.trim() ?? ''
  return /^\d+(\.\d+)?$/.test(trimmed) ? Number(trimmed) : undefined
}

function times(value: number | undefined, factor: number): number | undefined {
  return value === undefined ? undefined : value * factor
}

function sumIfAll(values: readonly (number | undefined)[]): number | undefined {
  return values.every((value) => value !== undefined) ? values.reduce<number>((sum, value) => sum + (value ?? 0), 0) : undefined
}

function nonEmpty<T>(items: readonly T[]): readonly T[] | undefined {
  return items.length > 0 ? items : undefined
}

function optional<T>(value: T | undefined): T[] {
  return value === undefined ? [] : [value]
}

/** Keeps results free of `key: undefined`, so equality checks and spreads see only what was read. */
export function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, field]) => field !== undefined)) as T
}
