import { execFile } from 'node:child_process'
import { cpus, freemem, loadavg, totalmem } from 'node:os'
import type { Probe } from '../probe'
import { hostReadingProbe, type HostProbeTarget } from './host-metrics'
import { hostMetricsScript } from './host-metrics-script'
import { parseHostMetrics, withoutUndefined, type HostReading } from './parse-host-metrics'

/** Host metrics of the machine the console runs on ("This PC", `metrics: local`). */
export function localHostMetricsProbe(target: HostProbeTarget): Probe {
  return hostReadingProbe(target, (signal) => readLocalHost(target.timeoutMs, signal))
}

/**
 * The same script as over SSH where there is a POSIX sh; node:os fills what it cannot read
 * (macOS has no /proc) and is all there is on Windows.
 */
async function readLocalHost(timeoutMs: number, signal: AbortSignal): Promise<HostReading> {
  const fromOs = osHostReading()
  if (process.platform === 'win32') return fromOs
  return { ...fromOs, ...parseHostMetrics(await runScript(timeoutMs, signal)) }
}

/** CPU times, memory and load from node:os, which works on every platform. */
export function osHostReading(): HostReading {
  const times = cpus().map((cpu) => cpu.times)
  const total = times.reduce((sum, time) => sum + time.user + time.nice + time.sys + time.idle + time.irq, 0)
  const idle = times.reduce((sum, time) => sum + time.idle, 0)
  const [one = 0, five = 0, fifteen = 0] = loadavg()
  return withoutUndefined({
    cpu: total > 0 ? { total, idle } : undefined,
    memory: { totalBytes: totalmem(), availableBytes: freemem() },
    // Windows has no load average; node reports zeros there.
    load: process.platform === 'win32' ? undefined : { one, five, fifteen }
  })
}

function runScript(timeoutMs: number, signal: AbortSignal): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile('sh', ['-c', hostMetricsScript], { timeout: timeoutMs, signal, maxBuffer: 1 << 20 }, (error, stdout) => {
      if (error) reject(new Error(`the metrics script failed here: ${error.message}`))
      else resolve(stdout)
    })
  })
}
