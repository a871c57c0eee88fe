import { describe, expect, it } from 'vitest'
import { describeThrottled, hostFacts, hostMetricsResult, hostSamples, noMetricsReason } from './host-metrics'
import type { HostReading, InterfaceCounters } from './parse-host-metrics'

const gib = 1024 ** 3
const mib = 1024 ** 2

const pi: HostReading = {
  cpu: { total: 33_029_022, idle: 31_598_883 },
  memory: { totalBytes: 3_977_551_872, availableBytes: 3_135_377_408 },
  swap: { totalBytes: 104_853_504, freeBytes: 104_853_504 },
  load: { one: 0.52, five: 0.4, fifteen: 0.33 },
  interfaces: [
    { name: 'lo', rxBytes: 9_263_718, txBytes: 9_263_718 },
    { name: 'eth0', rxBytes: 873_643_210, txBytes: 130_457_712 }
  ],
  disks: [{ mount: '/', sizeBytes: 100 * gib, usedBytes: 45 * gib, availableBytes: 50 * gib }],
  temperaturesC: [48.312, 48.3],
  throttled: 0x50005
}

/** The Pi ten seconds later: 1000 jiffies passed, 250 of them busy; eth0 moved 1 MB in, 200 kB out. */
function tenSecondsLater(interfaces: readonly InterfaceCounters[]): HostReading {
  return { ...pi, cpu: { total: 33_030_022, idle: 31_599_633 }, interfaces }
}

const movedOn: readonly InterfaceCounters[] = [
  { name: 'lo', rxBytes: 99_263_718, txBytes: 99_263_718 },
  { name: 'eth0', rxBytes: 874_643_210, txBytes: 130_657_712 },
  // A container's interface that was not there before must not add its whole counter.
  { name: 'veth1c2d', rxBytes: 5_000_000, txBytes: 5_000_000 }
]

describe('host samples', () => {
  it('gives gauges from one reading, and no rates before a second one', () => {
    expect(hostSamples({ reading: pi, atMs: 0 }, undefined)).toEqual({
      load1: 0.52,
      load5: 0.4,
      load15: 0.33,
      mem: expect.closeTo(21.1732, 3),
      'mem.used': 842_174_464,
      'mem.total': 3_977_551_872,
      swap: 0,
      'swap.used': 0,
      'swap.total': 104_853_504,
      // As df counts it: 45 of the 95 GiB a user can have.
      'disk:/': expect.closeTo((100 * 45) / 95, 6),
      'disk.used:/': 45 * gib,
      'disk.size:/': 100 * gib,
      temp: 48.312,
      throttled: 0x50005
    })
  })

  it('turns counters into CPU % and bytes per second over every interface but loopback', () => {
    const samples = hostSamples({ reading: tenSecondsLater(movedOn), atMs: 20_000 }, { reading: pi, atMs: 10_000 })
    expect(samples.cpu).toBeCloseTo(25, 9)
    expect(samples['net.rx']).toBe(100_000)
    expect(samples['net.tx']).toBe(20_000)
  })

  it('gives no rate when a counter went backwards (reboot, wrap)', () => {
    const rebooted: HostReading = { ...pi, cpu: { total: 5000, idle: 4000 }, interfaces: [{ name: 'eth0', rxBytes: 10, txBytes: 10 }] }
    const samples = hostSamples({ reading: rebooted, atMs: 20_000 }, { reading: pi, atMs: 10_000 })
    expect(samples).not.toHaveProperty('cpu')
    expect(samples).not.toHaveProperty('net.rx')
    expect(samples).not.toHaveProperty('net.tx')
    expect(samples.load1).toBe(0.52)
  })

  it('leaves swap out on a host without it', () => {
    expect(hostSamples({ reading: { swap: { totalBytes: 0, freeBytes: 0 } }, atMs: 0 }, undefined)).toEqual({})
  })

  it('gives each GPU its util, temperature and memory', () => {
    const reading: HostReading = {
      gpus: [
        { index: 0, name: 'NVIDIA GeForce RTX 3090', utilPercent: 35, tempC: 52, memUsedBytes: 1234 * mib, memTotalBytes: 24_576 * mib },
        { index: 1, name: 'NVIDIA GeForce RTX 3060', tempC: 41 }
      ]
    }
    expect(hostSamples({ reading, atMs: 0 }, undefined)).toEqual({
      'gpu0.util': 35,
      'gpu0.temp': 52,
      'gpu0.mem.used': 1234 * mib,
      'gpu0.mem': expect.closeTo(5.0212, 3),
      'gpu1.temp': 41
    })
  })
})

describe('host facts and status', () => {
  it('says swap and throttling in words, leaving load and memory to the samples', () => {
    expect(hostFacts(pi)).toEqual([
      { label: 'swap', value: '0.0 of 0.1 GiB' },
      { label: 'throttled', value: 'under-voltage now, throttled now; since boot: under-voltage, throttled' }
    ])
  })

  it('explains every Raspberry Pi throttling bit', () => {
    expect(describeThrottled(0)).toBe('no')
    expect(describeThrottled(0x2)).toBe('frequency capped now')
    expect(describeThrottled(0x8)).toBe('soft temperature limit now')
    expect(describeThrottled(0xa0000)).toBe('since boot: frequency capped, soft temperature limit')
    expect(describeThrottled(0x100)).toBe('0x100')
  })

  it('is up with samples, and degraded when the answer held nothing', () => {
    expect(hostMetricsResult({ reading: pi, atMs: 0 }, undefined)).toMatchObject({ status: 'up', samples: { load1: 0.52 } })
    expect(hostMetricsResult({ reading: {}, atMs: 0 }, undefined)).toEqual({ status: 'degraded', reason: noMetricsReason })
  })
})
