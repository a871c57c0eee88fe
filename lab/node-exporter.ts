import { assertPortFree, waitUntil } from './net'
import { startProcess, type ManagedProcess } from './process'

export interface NodeExporter {
  process: ManagedProcess
  /** http://<address>:<port>/metrics */
  url: string
}

/**
 * Only the collectors the console charts (CPU, memory, load, disks, network, uptime):
 * the defaults include slow or noisy ones (e.g. systemd, hwmon) that a lab does not need.
 */
const collectors = ['cpu', 'meminfo', 'loadavg', 'filesystem', 'diskstats', 'netdev', 'uname', 'time', 'stat']

/** Starts prometheus-node-exporter on address:port and resolves once /metrics answers. */
export async function startNodeExporter(options: {
  nodeId: string
  address: string
  port: number
}): Promise<NodeExporter> {
  const { nodeId, address, port } = options
  const what = `node_exporter of ${nodeId}`
  const url = `http://${address}:${port}/metrics`
  await assertPortFree(address, port, what)
  const exporter = await startProcess(what, 'prometheus-node-exporter', [
    `--web.listen-address=${address}:${port}`,
    '--collector.disable-defaults',
    ...collectors.map((name) => `--collector.${name}`),
    // Go runtime metrics of the exporter itself are noise for a homelab view.
    '--web.disable-exporter-metrics',
    '--log.level=warn'
  ])
  try {
    await waitUntil(`${what} at ${url}`, () => answers(url), { process: exporter })
  } catch (error) {
    await exporter.stop()
    throw error
  }
  return { process: exporter, url }
}

async function answers(url: string): Promise<boolean> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(2000) })
    await response.body?.cancel()
    return response.ok
  } catch {
    return false
  }
}
