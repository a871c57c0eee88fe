import { execFile } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdtemp, rm, symlink, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { describe, expect, it } from 'vitest'
import { hostMetricsCommand, hostMetricsEndMarker, hostMetricsScript } from './host-metrics-script'
import { parseHostMetrics, splitSections } from './parse-host-metrics'

const run = promisify(execFile)

/** What a Raspberry Pi 4 (Raspberry Pi OS, GNU df) answers, Wi-Fi down, throttled since boot. */
const raspberryPi4 = `@@stat
cpu  1047823 1291 372104 31582011 16872 0 8921 0 0 0
@@meminfo
MemTotal:        3884328 kB
MemFree:         1822428 kB
MemAvailable:    3061892 kB
Buffers:           89236 kB
Cached:          1244084 kB
SwapCached:            0 kB
Active(anon):      48212 kB
SwapTotal:        102396 kB
SwapFree:         102396 kB
HugePages_Total:       0
Hugepagesize:       2048 kB
@@loadavg
0.52 0.40 0.33 2/213 18311
@@netdev
Inter-|   Receive                                                |  Transmit
 face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs drop fifo colls carrier compressed
    lo:  9263718   60118    0    0    0     0          0         0  9263718   60118    0    0    0     0       0          0
  eth0: 873643210 1049321    0  128    0     0          0      1623 130457712  486127    0    0    0     0       0          0
 wlan0:       0       0    0    0    0     0          0         0        0       0    0    0    0     0       0          0
@@df
Filesystem     1024-blocks    Used Available Capacity Mounted on
/dev/root         30358348 6204856  22868236      22% /
/dev/mmcblk0p1      522232   63120    459112      13% /boot/firmware
@@thermal
48312
@@vcgencmd
temp=48.3'C
throttled=0x50005
@@nvidia
@@end
`

const mib = 1024 * 1024

describe('parsing the host metrics script’s answer', () => {
  it('reads every part of a Raspberry Pi 4', () => {
    expect(parseHostMetrics(raspberryPi4)).toEqual({
      cpu: { total: 33029022, idle: 31598883 },
      memory: { totalBytes: 3977551872, availableBytes: 3135377408 },
      swap: { totalBytes: 104853504, freeBytes: 104853504 },
      load: { one: 0.52, five: 0.4, fifteen: 0.33 },
      interfaces: [
        { name: 'lo', rxBytes: 9263718, txBytes: 9263718 },
        { name: 'eth0', rxBytes: 873643210, txBytes: 130457712 },
        { name: 'wlan0', rxBytes: 0, txBytes: 0 }
      ],
      disks: [
        { mount: '/', sizeBytes: 31086948352, usedBytes: 6353772544, availableBytes: 23417073664 },
        { mount: '/boot/firmware', sizeBytes: 534765568, usedBytes: 64634880, availableBytes: 470130688 }
      ],
      temperaturesC: [48.312, 48.3],
      throttled: 0x50005
    })
  })

  it('reads two NVIDIA GPUs, a value one of them lacks left out', () => {
    const output = `@@loadavg
3.10 2.85 2.40 5/1022 88231
@@nvidia
0, NVIDIA GeForce RTX 3090, 35, 52, 1234, 24576
1, NVIDIA GeForce RTX 3060, [N/A], 41, 0, 12288
@@end
`
    expect(parseHostMetrics(output).gpus).toEqual([
      { index: 0, name: 'NVIDIA GeForce RTX 3090', utilPercent: 35, tempC: 52, memUsedBytes: 1234 * mib, memTotalBytes: 24576 * mib },
      { index: 1, name: 'NVIDIA GeForce RTX 3060', tempC: 41, memUsedBytes: 0, memTotalBytes: 12288 * mib }
    ])
  })

  it('ignores nvidia-smi’s complaint when the driver is not loaded', () => {
    const output = `@@nvidia
NVIDIA-SMI has failed because it couldn't communicate with the NVIDIA driver. Make sure that the latest NVIDIA driver is installed and running.
@@end
`
    expect(parseHostMetrics(output)).toEqual({})
  })

  it('drops pseudo filesystems and repeats from busybox df, which cannot leave them out itself', () => {
    const output = `@@df
Filesystem           1024-blocks    Used Available Capacity Mounted on
/dev/root                 4096      4096         0 100% /rom
tmpfs                    60432       300     60132   0% /tmp
/dev/ubi0_1              88560      3912     80064   5% /overlay
overlayfs:/overlay       88560      3912     80064   5% /
tmpfs                      512         0       512   0% /dev
overlay               41251136 9807780  29333900  25% /var/lib/docker/overlay2/4f1c/merged
/dev/sda1             30237648 1050124  27628312   4% /mnt/usb stick
/dev/sda1             30237648 1050124  27628312   4% /mnt/usb stick
@@end
`
    expect(parseHostMetrics(output).disks?.map((disk) => disk.mount)).toEqual(['/rom', '/overlay', '/', '/mnt/usb stick'])
  })

  it('gives nothing for garbage, and never throws', () => {
    expect(parseHostMetrics('')).toEqual({})
    expect(parseHostMetrics('Welcome to Ubuntu 24.04 LTS\nLast login: yesterday\n')).toEqual({})
    expect(parseHostMetrics('\u0000\u00ff@@@@\n@@\n@@stat\n@@stat\n')).toEqual({})
    const garbled = `@@stat
cpu a b c d
@@meminfo
MemTotal: lots
@@loadavg
high
@@netdev
eth0: 1 2 3
@@df
/dev/sda1 big small 0 1% /
@@thermal
-273150
hot
@@vcgencmd
VCHI initialization failed
@@end
`
    expect(parseHostMetrics(garbled)).toEqual({})
  })

  it('drops the section that was cut off, and keeps the ones before it', () => {
    const cut = raspberryPi4.slice(0, raspberryPi4.indexOf('  eth0: 873643210') + 20)
    const reading = parseHostMetrics(cut)
    expect(reading.load).toEqual({ one: 0.52, five: 0.4, fifteen: 0.33 })
    expect(reading.memory?.totalBytes).toBe(3977551872)
    expect(reading.interfaces).toBeUndefined()
    expect(reading.disks).toBeUndefined()
  })

  it('ignores what a login shell prints before the first section, and CRLF line ends', () => {
    const output = `motd: be nice\r\n@@loadavg\r\n1.00 2.00 3.00 1/1 1\r\n@@end\r\n`
    expect(splitSections(output)).toEqual(new Map([['loadavg', ['1.00 2.00 3.00 1/1 1']]]))
    expect(parseHostMetrics(output)).toEqual({ load: { one: 1, five: 2, fifteen: 3 } })
  })

  it('falls back on MemFree + Buffers + Cached on kernels without MemAvailable', () => {
    const output = `@@meminfo
MemTotal:         1000 kB
MemFree:           100 kB
Buffers:            50 kB
Cached:            250 kB
@@end
`
    expect(parseHostMetrics(output).memory).toEqual({ totalBytes: 1000 * 1024, availableBytes: 400 * 1024 })
  })
})

describe('the host metrics script', () => {
  it('holds no single quote, so it can travel inside sh -c \'…\'', () => {
    expect(hostMetricsScript).not.toContain("'")
    expect(hostMetricsCommand).toBe(`sh -c '${hostMetricsScript}'`)
  })

  it.each([
    ['dash', ['-c']],
    ['bash', ['--posix', '-c']]
  ])('runs under %s on this machine and gives the CPU, memory, load and root disk', async (shell, args) => {
    const { stdout } = await run(shell, [...args, hostMetricsScript])
    const reading = parseHostMetrics(stdout)
    expect(reading.cpu).toBeDefined()
    expect(reading.memory).toBeDefined()
    expect(reading.load).toBeDefined()
    expect(reading.disks?.some((disk) => disk.mount === '/')).toBe(true)
  })

  it.runIf(existsSync('/usr/bin/busybox'))('runs under busybox ash with busybox df, which has no -x', async () => {
    const bin = await mkdtemp(join(tmpdir(), 'homelab-busybox-'))
    try {
      for (const applet of ['sh', 'df', 'head', 'cat']) await symlink('/usr/bin/busybox', join(bin, applet))
      const { stdout } = await run(join(bin, 'sh'), ['-c', hostMetricsScript], { env: { PATH: bin } })
      const reading = parseHostMetrics(stdout)
      expect(reading.cpu).toBeDefined()
      expect(reading.disks?.some((disk) => disk.mount === '/')).toBe(true)
      expect(reading.disks?.some((disk) => disk.mount.startsWith('/dev'))).toBe(false)
    } finally {
      await rm(bin, { recursive: true, force: true })
    }
  })

  it('gives up on a df that hangs (a dead NFS mount) and still reports the rest', async () => {
    const bin = await mkdtemp(join(tmpdir(), 'homelab-hung-df-'))
    try {
      await writeFile(join(bin, 'df'), '#!/bin/sh\nexec sleep 60\n', { mode: 0o755 })
      const { stdout } = await run('sh', ['-c', hostMetricsScript], { env: { PATH: `${bin}:/usr/bin:/bin` }, timeout: 20_000 })
      expect(stdout).toContain(hostMetricsEndMarker)
      const reading = parseHostMetrics(stdout)
      expect(reading.cpu).toBeDefined()
      expect(reading.disks).toBeUndefined()
    } finally {
      await rm(bin, { recursive: true, force: true })
    }
  })
})
