import { readFile } from 'node:fs/promises'
import { cpus, totalmem } from 'node:os'
import { describe, expect, it } from 'vitest'
import { localHostMetricsProbe, osHostReading } from './local-host-metrics-probe'

const target = { id: 'this-pc', intervalMs: 10_000, timeoutMs: 5000 }

async function memTotalBytes(): Promise<number> {
  return Number(/^MemTotal:\s+(\d+) kB$/m.exec(await readFile('/proc/meminfo', 'utf8'))?.[1]) * 1024
}

describe.runIf(process.platform === 'linux')('the local host metrics probe on this Linux machine', () => {
  it('runs the metrics script here, with the CPU % from the second poll on', async () => {
    const subject = localHostMetricsProbe(target)
    const first = await subject.run(new AbortController().signal)
    expect(first.status).toBe('up')
    expect(first.samples?.['mem.total']).toBe(await memTotalBytes())
    // Only the script knows the disks; node:os alone would give none.
    expect(first.samples?.['disk.size:/']).toBeGreaterThan(0)
    expect(first.samples).not.toHaveProperty('cpu')
    const second = await subject.run(new AbortController().signal)
    expect(second.samples?.cpu).toBeGreaterThanOrEqual(0)
    expect(second.samples?.cpu).toBeLessThanOrEqual(100)
  })

  it('stops at once when aborted', async () => {
    const controller = new AbortController()
    const run = localHostMetricsProbe(target).run(controller.signal)
    controller.abort()
    expect(await run).toEqual({ status: 'down', reason: 'timeout' })
  })
})

describe('what node:os tells of this machine (all there is on Windows)', () => {
  it('gives CPU times, memory and load', () => {
    const reading = osHostReading()
    expect(reading.memory?.totalBytes).toBe(totalmem())
    expect(reading.memory?.availableBytes).toBeLessThanOrEqual(totalmem())
    if (cpus().length > 0) expect(reading.cpu?.total).toBeGreaterThan(reading.cpu?.idle ?? Infinity)
    expect(reading.load === undefined).toBe(process.platform === 'win32')
  })
})
