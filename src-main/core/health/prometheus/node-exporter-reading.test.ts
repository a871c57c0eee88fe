import { describe, expect, it } from 'vitest'
import { parseExposition } from './exposition'
import { nodeExporterFamilies, nodeExporterSamples, readNodeExporter } from './node-exporter-reading'

/** A node_exporter page in the shape the real one writes, with the counters passed in. */
function page(counters: { idle: number; iowait: number; user: number; rx: number; tx: number; loRx?: number }): string {
  return `# HELP node_cpu_seconds_total Seconds the CPUs spent in each mode.
# TYPE node_cpu_seconds_total counter
node_cpu_seconds_total{cpu="0",mode="idle"} ${counters.idle}
node_cpu_seconds_total{cpu="0",mode="iowait"} ${counters.iowait}
node_cpu_seconds_total{cpu="0",mode="user"} ${counters.user}
node_cpu_seconds_total{cpu="1",mode="idle"} ${counters.idle}
node_cpu_seconds_total{cpu="1",mode="user"} ${counters.user}
node_memory_MemTotal_bytes 8e+09
node_memory_MemAvailable_bytes 6e+09
node_memory_SwapTotal_bytes 2e+09
node_memory_SwapFree_bytes 1.5e+09
node_memory_Cached_bytes 1e+09
node_load1 0.5
node_load5 0.25
node_load15 0.125
node_filesystem_size_bytes{device="/dev/sda1",fstype="ext4",mountpoint="/"} 1e+11
node_filesystem_avail_bytes{device="/dev/sda1",fstype="ext4",mountpoint="/"} 2e+10
node_filesystem_free_bytes{device="/dev/sda1",fstype="ext4",mountpoint="/"} 4e+10
node_filesystem_size_bytes{device="/dev/sdb1",fstype="xfs",mountpoint="/srv/data"} 4e+12
node_filesystem_avail_bytes{device="/dev/sdb1",fstype="xfs",mountpoint="/srv/data"} 3e+12
node_filesystem_free_bytes{device="/dev/sdb1",fstype="xfs",mountpoint="/srv/data"} 3e+12
node_filesystem_size_bytes{device="tmpfs",fstype="tmpfs",mountpoint="/run"} 1e+08
node_filesystem_avail_bytes{device="tmpfs",fstype="tmpfs",mountpoint="/run"} 9e+07
node_filesystem_size_bytes{device="overlay",fstype="overlay",mountpoint="/var/lib/docker/x"} 1e+11
node_filesystem_avail_bytes{device="overlay",fstype="overlay",mountpoint="/var/lib/docker/x"} 2.5e+10
node_filesystem_size_bytes{device="/dev/loop0",fstype="squashfs",mountpoint="/snap/core/1"} 1e+08
node_filesystem_avail_bytes{device="/dev/loop0",fstype="squashfs",mountpoint="/snap/core/1"} 0
node_network_receive_bytes_total{device="eth0"} ${counters.rx}
node_network_receive_bytes_total{device="wlan0"} ${counters.rx}
node_network_receive_bytes_total{device="lo"} ${counters.loRx ?? 0}
node_network_transmit_bytes_total{device="eth0"} ${counters.tx}
node_network_transmit_bytes_total{device="lo"} ${counters.loRx ?? 0}
node_hwmon_temp_celsius{chip="platform_coretemp_0",sensor="temp1"} 48
node_hwmon_temp_celsius{chip="platform_coretemp_0",sensor="temp2"} 61.5
node_thermal_zone_temp{type="x86_pkg_temp",zone="0"} 55
`
}

const reading = (text: string, atMs: number) => readNodeExporter(parseExposition(text, nodeExporterFamilies).samples, atMs)
const first = { idle: 1000, iowait: 100, user: 400, rx: 1_000_000, tx: 500_000 }

describe('a node_exporter scrape as samples', () => {
  it('gives memory, swap, load, disks (without tmpfs, overlay, squashfs) and the hottest sensor at once', () => {
    expect(nodeExporterSamples(reading(page(first), 0))).toEqual({
      load1: 0.5,
      load5: 0.25,
      load15: 0.125,
      mem: 25,
      'mem.used': 2e9,
      'mem.total': 8e9,
      swap: 25,
      'swap.used': 5e8,
      'swap.total': 2e9,
      'disk:/': 75,
      // df's way: 6e10 used of the 8e10 users can have (4e10 free, of which 2e10 reserved for root).
      'disk.used:/': 6e10,
      'disk.size:/': 1e11,
      'disk:/srv/data': 25,
      'disk.used:/srv/data': 1e12,
      'disk.size:/srv/data': 4e12,
      temp: 61.5
    })
  })

  it('adds CPU % (idle + iowait count as idle) and network bytes/s without loopback from the second scrape', () => {
    const before = reading(page(first), 10_000)
    // Per CPU: idle +5, iowait +5 (cpu0 only), user +10; loopback moved a lot and must not count.
    const after = reading(page({ idle: 1005, iowait: 105, user: 410, rx: 1_002_000, tx: 501_000, loRx: 9e9 }), 12_000)
    const samples = nodeExporterSamples(after, before)
    expect(samples.cpu).toBeCloseTo((100 * 20) / 35)
    // eth0 and wlan0 each received 2000 bytes in 2 s.
    expect(samples['net.rx']).toBe(2000)
    expect(samples['net.tx']).toBe(500)
  })

  it('gives no rate when a counter went backwards (a reboot) and none over no time', () => {
    const before = reading(page(first), 10_000)
    const rebooted = reading(page({ idle: 5, iowait: 0, user: 2, rx: 10, tx: 10 }), 20_000)
    const samples = nodeExporterSamples(rebooted, before)
    expect(samples).not.toHaveProperty('cpu')
    expect(samples).not.toHaveProperty('net.rx')
    expect(samples).not.toHaveProperty('net.tx')
    expect(samples).toHaveProperty('mem', 25)
    expect(nodeExporterSamples(reading(page(first), 10_000), before)).not.toHaveProperty('cpu')
  })

  it('has no swap % on a node without swap, and leaves out what the page lacks', () => {
    const text = 'node_memory_SwapTotal_bytes 0\nnode_memory_SwapFree_bytes 0\nnode_load1 NaN\n'
    expect(nodeExporterSamples(reading(text, 0))).toEqual({ 'swap.used': 0, 'swap.total': 0 })
    expect(nodeExporterSamples(reading('', 0))).toEqual({})
  })

  it('counts only devices seen in both scrapes', () => {
    const before = reading('node_network_receive_bytes_total{device="eth0"} 100\n', 0)
    const after = reading('node_network_receive_bytes_total{device="eth0"} 300\nnode_network_receive_bytes_total{device="veth1"} 5000\n', 1000)
    expect(nodeExporterSamples(after, before)['net.rx']).toBe(200)
  })
})
