import { mkdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { stringify } from 'yaml'
import { assertPortFree, waitUntil } from './net'
import { startProcess, type ManagedProcess } from './process'

export interface PrometheusServer {
  process: ManagedProcess
  /** http://<address>:<port>, the base of /api/v1/… */
  url: string
  stop(): Promise<void>
}

export interface StartPrometheusOptions {
  address: string
  port: number
  /** Holds prometheus.yml and the TSDB. */
  dataDir: string
  /** "host:port" of each exporter to scrape; Prometheus names each series' instance after it. */
  scrapeTargets: readonly string[]
  scrapeIntervalSeconds: number
  /** More jobs, e.g. other paths of the same targets (the poller bench). */
  extraJobs?: readonly ScrapeJob[]
}

export interface ScrapeJob {
  name: string
  metricsPath: string
  targets: readonly string[]
}

const prometheusBinary = '/usr/bin/prometheus'

/** Starts Debian's Prometheus scraping `scrapeTargets` and resolves once /-/ready answers 200. */
export async function startPrometheus(options: StartPrometheusOptions): Promise<PrometheusServer> {
  const { address, port, dataDir, scrapeTargets, scrapeIntervalSeconds, extraJobs = [] } = options
  const what = `Prometheus on ${address}:${port}`
  const url = `http://${address}:${port}`
  await assertPortFree(address, port, what)
  await mkdir(dataDir, { recursive: true })
  const configPath = join(dataDir, 'prometheus.yml')
  await writeFile(configPath, prometheusConfig(scrapeTargets, scrapeIntervalSeconds, extraJobs))

  const server = await startProcess(what, prometheusBinary, [
    `--config.file=${configPath}`,
    `--storage.tsdb.path=${join(dataDir, 'tsdb')}`,
    `--web.listen-address=${address}:${port}`,
    '--log.level=warn'
  ])
  try {
    // The TSDB replays its write-ahead log before it is ready, which can take a few seconds.
    await waitUntil(`${what}`, () => isReady(url), { process: server, timeoutMs: 30_000 })
  } catch (error) {
    await server.stop()
    throw error
  }
  return { process: server, url, stop: () => server.stop() }
}

function prometheusConfig(scrapeTargets: readonly string[], scrapeIntervalSeconds: number, extraJobs: readonly ScrapeJob[]): string {
  const interval = `${scrapeIntervalSeconds}s`
  return stringify({
    // Prometheus refuses a scrape timeout longer than the interval.
    global: { scrape_interval: interval, scrape_timeout: `${Math.min(scrapeIntervalSeconds, 10)}s`, evaluation_interval: interval },
    scrape_configs: [
      { job_name: 'node', static_configs: [{ targets: [...scrapeTargets] }] },
      ...extraJobs.map((job) => ({ job_name: job.name, metrics_path: job.metricsPath, static_configs: [{ targets: [...job.targets] }] }))
    ]
  })
}

async function isReady(url: string): Promise<boolean> {
  try {
    const response = await fetch(`${url}/-/ready`, { signal: AbortSignal.timeout(2000) })
    await response.body?.cancel()
    return response.status === 200
  } catch {
    return false
  }
}
