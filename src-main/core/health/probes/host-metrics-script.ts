import { singleQuoted } from './node-command'

/**
 * What a node runs, in one exec per poll, to report its host metrics without an agent. POSIX sh
 * (busybox ash, dash, bash); every source may be missing, so errors are silenced and each part
 * stands under its own `@@name` line. `@@end` shows the answer arrived whole.
 */

const gpuQuery = 'index,name,utilization.gpu,temperature.gpu,memory.used,memory.total'

/** Section names, in the order the script prints them. */
export const hostMetricsSections = ['stat', 'meminfo', 'loadavg', 'netdev', 'df', 'thermal', 'vcgencmd', 'nvidia'] as const
export type HostMetricsSection = (typeof hostMetricsSections)[number]

export const hostMetricsEndMarker = '@@end'

export const hostMetricsScript = [
  'exec 2>/dev/null',
  'echo @@stat; head -n 1 /proc/stat',
  'echo @@meminfo; cat /proc/meminfo',
  'echo @@loadavg; cat /proc/loadavg',
  'echo @@netdev; cat /proc/net/dev',
  // A hung NFS mount blocks df for good: `timeout` (where there is one) gives up on it after 2 s,
  // and 124 says it did. busybox df has no -x: it lists everything and the parser drops the
  // pseudo filesystems.
  'echo @@df; T=; command -v timeout >/dev/null && T="timeout 2"',
  '$T df -P -k -x tmpfs -x devtmpfs -x squashfs -x overlay; s=$?; [ $s -ne 0 ] && [ $s -ne 124 ] && $T df -P -k',
  'echo @@thermal; cat /sys/class/thermal/thermal_zone*/temp',
  'echo @@vcgencmd; if command -v vcgencmd >/dev/null; then vcgencmd measure_temp; vcgencmd get_throttled; fi',
  `echo @@nvidia; if command -v nvidia-smi >/dev/null; then nvidia-smi --query-gpu=${gpuQuery} --format=csv,noheader,nounits; fi`,
  `echo ${hostMetricsEndMarker}`
].join('\n')

/** The script as an SSH command: sshd hands it to the user's login shell, which may be fish or zsh. */
export const hostMetricsCommand = `sh -c ${singleQuoted(hostMetricsScript)}`
