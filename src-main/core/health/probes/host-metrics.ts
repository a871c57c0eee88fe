import { performance } from 'node:perf_hooks'
import type { Fact, Samples } from '../../../../src-shared/metrics'
import type { Probe, ProbeResult } from '../probe'
import type { CpuTimes, HostReading, InterfaceCounters } from './parse-host-metrics'

/**
 * Host readings → samples and facts under the keys of src-shared/metrics.ts. Knows nothing of
 * where a reading came from (SSH, node:os, node_exporter): sources only build a HostReading.
 */

/** A reading and when it was taken, on a monotonic clock, for the rates of the next one. */
export interface TimedReading {
  readonly reading: HostReading
  readonly atMs: number
}

const gib = 1024 ** 3

export const noMetricsReason = "the node's answer held no metrics"

export interface HostProbeTarget {
  readonly id: string
  readonly intervalMs: number
  readonly timeoutMs: number
}

/**
 * A probe over any source of host readings. It keeps the last reading so counters (CPU time,
 * network bytes) become rates; a failed poll forgets it, as a rate across the gap would be
 * drawn as if it were now. `read` may reject: its message is the reason the host is down.
 */
export function hostReadingProbe(target: HostProbeTarget, read: (signal: AbortSignal) => Promise<HostReading>): Probe {
  let previous: TimedReading | undefined
  const timedOut = (): ProbeResult => {
    previous = undefined
    return { status: 'down', reason: 'timeout' }
  }
  const run = (signal: AbortSignal): Promise<ProbeResult> => {
    if (signal.aborted) return Promise.resolve(timedOut())
    return new Promise((resolve) => {
      const started = performance.now()
      const settle = (result: ProbeResult) => {
        signal.removeEventListener('abort', onAbort)
        resolve(result)
      }
      const onAbort = () => settle(timedOut())
      signal.addEventListener('abort', onAbort)
      // A late answer after an abort is dropped: the scheduler has moved on.
      Promise.resolve()
        .then(() => read(signal))
        .then(
          (reading) => {
            if (signal.aborted) return
            const current = { reading, atMs: performance.now() }
            const result = hostMetricsResult(current, previous)
            previous = current
            settle({ ...result, latencyMs: current.atMs - started })
          },
          (error: unknown) => {
            if (signal.aborted) return
            // The source's own clock (exec, execFile) may ring just before the scheduler's.
            if (performance.now() - started >= target.timeoutMs) settle(timedOut())
            else {
              previous = undefined
              settle({ status: 'down', reason: error instanceof Error ? error.message : String(error) })
            }
          }
        )
    })
  }
  return { id: target.id, intervalMs: target.intervalMs, timeoutMs: target.timeoutMs, run }
}

export function hostMetricsResult(current: TimedReading, previous: TimedReading | undefined): ProbeResult {
  if (Object.keys(current.reading).length === 0) return { status: 'degraded', reason: noMetricsReason }
  return { status: 'up', samples: hostSamples(current, previous), facts: hostFacts(current.reading) }
}

export function hostSamples(current: TimedReading, previous: TimedReading | undefined): Samples {
  const now = current.reading
  const samples: Record<string, number> = {}
  const seconds = previous ? (current.atMs - previous.atMs) / 1000 : 0
  const cpu = cpuPercent(previous?.reading.cpu, now.cpu)
  if (cpu !== undefined) samples.cpu = cpu
  if (now.load) Object.assign(samples, { load1: now.load.one, load5: now.load.five, load15: now.load.fifteen })
  if (now.memory) {
    const used = now.memory.totalBytes - now.memory.availableBytes
    Object.assign(samples, { mem: percent(used, now.memory.totalBytes), 'mem.used': used, 'mem.total': now.memory.totalBytes })
  }
  // A host without swap gets no swap chart rather than a flat 0 of 0.
  if (now.swap && now.swap.totalBytes > 0) {
    const used = now.swap.totalBytes - now.swap.freeBytes
    Object.assign(samples, { swap: percent(used, now.swap.totalBytes), 'swap.used': used, 'swap.total': now.swap.totalBytes })
  }
  for (const disk of now.disks ?? []) {
    // As df counts it: blocks reserved for root are not space the user has.
    samples[`disk:${disk.mount}`] = percent(disk.usedBytes, disk.usedBytes + disk.availableBytes)
    samples[`disk.used:${disk.mount}`] = disk.usedBytes
    samples[`disk.size:${disk.mount}`] = disk.sizeBytes
  }
  const net = seconds > 0 ? networkBytes(previous?.reading.interfaces, now.interfaces) : undefined
  if (net) Object.assign(samples, { 'net.rx': net.rx / seconds, 'net.tx': net.tx / seconds })
  if (now.temperaturesC && now.temperaturesC.length > 0) samples.temp = Math.max(...now.temperaturesC)
  if (now.throttled !== undefined) samples.throttled = now.throttled
  for (const gpu of now.gpus ?? []) {
    const key = `gpu${gpu.index}`
    if (gpu.utilPercent !== undefined) samples[`${key}.util`] = gpu.utilPercent
    if (gpu.tempC !== undefined) samples[`${key}.temp`] = gpu.tempC
    if (gpu.memUsedBytes !== undefined) samples[`${key}.mem.used`] = gpu.memUsedBytes
    if (gpu.memUsedBytes !== undefined && gpu.memTotalBytes) samples[`${key}.mem`] = percent(gpu.memUsedBytes, gpu.memTotalBytes)
  }
  return samples
}

export function hostFacts(reading: HostReading): Fact[] {
  // Load and memory are samples the page shows as figures already; facts say what numbers cannot.
  const facts: Fact[] = []
  const { swap } = reading
  if (swap && swap.totalBytes > 0) facts.push({ label: 'swap', value: gibOf(swap.totalBytes - swap.freeBytes, swap.totalBytes) })
  if (reading.throttled !== undefined) facts.push({ label: 'throttled', value: describeThrottled(reading.throttled) })
  for (const gpu of reading.gpus ?? []) facts.push({ label: `gpu${gpu.index}`, value: gpu.name })
  return facts
}

/** Busy share of CPU time between two readings; none when the counters reset or did not move. */
export function cpuPercent(before: CpuTimes | undefined, after: CpuTimes | undefined): number | undefined {
  if (!before || !after) return undefined
  const total = after.total - before.total
  const idle = after.idle - before.idle
  if (total <= 0 || idle < 0 || idle > total) return undefined
  return (100 * (total - idle)) / total
}

/**
 * Bytes moved between two readings, over interfaces present in both but loopback. A counter
 * that went backwards (reboot, 32-bit wrap, interface recreated) spoils the sum: no value.
 */
export function networkBytes(before: readonly InterfaceCounters[] | undefined, after: readonly InterfaceCounters[] | undefined): { rx: number; tx: number } | undefined {
  if (!before || !after) return undefined
  const previous = new Map(before.map((counters) => [counters.name, counters]))
  let rx = 0
  let tx = 0
  let matched = 0
  for (const counters of after) {
    const then = previous.get(counters.name)
    if (counters.name === 'lo' || !then) continue
    const moved = { rx: counters.rxBytes - then.rxBytes, tx: counters.txBytes - then.txBytes }
    if (moved.rx < 0 || moved.tx < 0) return undefined
    rx += moved.rx
    tx += moved.tx
    matched++
  }
  return matched > 0 ? { rx, tx } : undefined
}

const throttleNames = ['under-voltage', 'frequency capped', 'throttled', 'soft temperature limit']

/** get_throttled bits in words: bits 0–3 are now, bits 16–19 the same since boot. */
export function describeThrottled(bits: number): string {
  if (bits === 0) return 'no'
  const now = throttleNames.filter((_, bit) => bits & (1 << bit)).map((name) => `${name} now`)
  const sinceBoot = throttleNames.filter((_, bit) => bits & (1 << (bit + 16)))
  const parts = [...(now.length > 0 ? [now.join(', ')] : []), ...(sinceBoot.length > 0 ? [`since boot: ${sinceBoot.join(', ')}`] : [])]
  return parts.length > 0 ? parts.join('; ') : `0x${bits.toString(16)}`
}

function percent(part: number, whole: number): number {
  return whole > 0 ? (100 * part) / whole : 0
}

function gibOf(used: number, total: number): string {
  return `${(used / gib).toFixed(1)} of ${(total / gib).toFixed(1)} GiB`
}
