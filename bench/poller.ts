/**
 * bench/poller: the console's health poller against 500 simulated nodes × 4 probes every 5 s
 * (a node_exporter scrape, two HTTP checks, a TCP connect), for 60 s after a warm-up: CPU
 * seconds per 1000 probes, p99 scheduling lag and memory growth. Baseline in the same run:
 * Debian's Prometheus scraping the same 500 × 4 endpoints at the same interval.
 * BENCH_POLLER_NODES and BENCH_POLLER_SECONDS make a quicker run.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { once } from 'node:events'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { createInterface } from 'node:readline'
import { startNodeExporter } from '../lab/node-exporter'
import { startPrometheus } from '../lab/prometheus'
import { benchAddress } from './poller/addresses'

const nodes = Number(process.env.BENCH_POLLER_NODES ?? 500)
const seconds = Number(process.env.BENCH_POLLER_SECONDS ?? 60)
const intervalMs = 5000
const warmupSeconds = 10
const port = 9300
const root = resolve(import.meta.dirname, '..')
const tsx = join(root, 'node_modules', '.bin', 'tsx')

const children: ChildProcess[] = []
const cleanups: (() => Promise<void>)[] = []
async function cleanUp(): Promise<void> {
  for (const child of children) if (child.exitCode === null) child.kill('SIGTERM')
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => undefined)
}
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => void cleanUp().then(() => process.exit(130)))

/** Starts a child and resolves with its first stdout line. */
async function firstLine(command: string, args: readonly string[], env: NodeJS.ProcessEnv = process.env): Promise<{ child: ChildProcess; line: string }> {
  const child = spawn(command, args, { cwd: root, stdio: ['ignore', 'pipe', 'inherit'], env })
  children.push(child)
  const lines = createInterface({ input: child.stdout! })
  const exited = once(child, 'exit').then(([code]) => {
    throw new Error(`${args.join(' ')} exited with ${code} before answering`)
  })
  const line = Promise.race([once(lines, 'line').then(([text]) => text as string), exited])
  return { child, line: await line }
}

/** CPU seconds a process has used, from /proc: user + system ticks of it alone. */
async function cpuSecondsOf(pid: number): Promise<number> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8')
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
  return (Number(fields[11]) + Number(fields[12])) / 100
}

async function rssOf(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8')
  return Number(/^VmRSS:\s+(\d+) kB/m.exec(status)?.[1] ?? 0) * 1024
}

/** Scrapes Prometheus has done so far, from its own /metrics (it does not scrape itself here). */
async function scrapeCount(url: string): Promise<number> {
  const text = await (await fetch(`${url}/metrics`, { signal: AbortSignal.timeout(10_000) })).text()
  let total = 0
  for (const match of text.matchAll(/^prometheus_target_interval_length_seconds_count\{[^}]*\} (\S+)$/gm)) total += Number(match[1])
  return total
}

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms))
const mib = (bytes: number) => `${(bytes / 1048576).toFixed(1)} MiB`

async function main(): Promise<void> {
  const work = await mkdtemp(join(tmpdir(), 'bench-poller-'))
  cleanups.push(() => rm(work, { recursive: true, force: true }))

  // Every simulated node serves a real node_exporter page, read once from Debian's exporter.
  const exporter = await startNodeExporter({ nodeId: 'bench', address: '127.0.1.95', port: 9195 })
  const page = await (await fetch(exporter.url)).text()
  await exporter.process.stop()
  const pagePath = join(work, 'metrics.txt')
  await writeFile(pagePath, page)

  const targets = await firstLine(tsx, [join(root, 'bench/poller/targets.ts'), String(nodes), String(port), pagePath])
  if (targets.line !== 'ready') throw new Error(`the bench targets said "${targets.line}"`)
  const probesPerRound = nodes * 4
  process.stdout.write(`${nodes} nodes × 4 probes every ${intervalMs / 1000} s (${Math.round(probesPerRound / (intervalMs / 1000))} probes/s), ${seconds} s measured after ${warmupSeconds} s; node_exporter page ${(page.length / 1024).toFixed(0)} KiB\n`)

  const consoleRun = await firstLine(process.execPath, ['--expose-gc', '--import', 'tsx', join(root, 'bench/poller/console-poller.ts'), String(nodes), String(port), String(intervalMs), String(seconds), String(warmupSeconds)])
  const figures = JSON.parse(consoleRun.line) as {
    runs: number
    failures: number
    cpuSeconds: number
    lagP50: number
    lagP99: number
    heapBefore: number
    heapAfter: number
    rssBefore: number
    rssAfter: number
  }

  const endpoints = Array.from({ length: nodes }, (_, index) => `${benchAddress(index)}:${port}`)
  const prometheus = await startPrometheus({
    address: '127.0.1.96',
    port: 9196,
    dataDir: join(work, 'prometheus'),
    scrapeTargets: endpoints,
    scrapeIntervalSeconds: intervalMs / 1000,
    extraJobs: ['probe-a', 'probe-b', 'probe-c'].map((name) => ({ name, metricsPath: '/probe', targets: endpoints }))
  })
  cleanups.push(() => prometheus.stop())
  const pid = prometheus.process.pid
  await sleep(warmupSeconds * 1000)
  const [cpuBefore, scrapesBefore, rssBefore] = [await cpuSecondsOf(pid), await scrapeCount(prometheus.url), await rssOf(pid)]
  await sleep(seconds * 1000)
  const [cpuAfter, scrapesAfter, rssAfter] = [await cpuSecondsOf(pid), await scrapeCount(prometheus.url), await rssOf(pid)]
  const scrapes = scrapesAfter - scrapesBefore

  const perThousand = (cpu: number, count: number) => (count > 0 ? ((cpu / count) * 1000).toFixed(3) : 'n/a')
  process.stdout.write(
    [
      '',
      `${'poller'.padEnd(22)}${'probes'.padStart(8)}${'failed'.padStart(8)}${'CPU s'.padStart(8)}${'CPU s/1000'.padStart(12)}${'p50 lag'.padStart(10)}${'p99 lag'.padStart(10)}  memory`,
      `${'Homelab Console'.padEnd(22)}${String(figures.runs).padStart(8)}${String(figures.failures).padStart(8)}${figures.cpuSeconds.toFixed(2).padStart(8)}${perThousand(figures.cpuSeconds, figures.runs).padStart(12)}${`${figures.lagP50.toFixed(1)} ms`.padStart(10)}${`${figures.lagP99.toFixed(1)} ms`.padStart(10)}  heap ${mib(figures.heapBefore)} → ${mib(figures.heapAfter)}, RSS ${mib(figures.rssBefore)} → ${mib(figures.rssAfter)}`,
      `${'Prometheus 2.42 (Deb)'.padEnd(22)}${String(scrapes).padStart(8)}${''.padStart(8)}${(cpuAfter - cpuBefore).toFixed(2).padStart(8)}${perThousand(cpuAfter - cpuBefore, scrapes).padStart(12)}${'n/a'.padStart(10)}${'n/a'.padStart(10)}  RSS ${mib(rssBefore)} → ${mib(rssAfter)}`,
      '',
      'Aim: no more CPU per probe than Prometheus, p99 lag under 250 ms, flat memory.',
      ''
    ].join('\n')
  )
}

main()
  .catch((error: unknown) => {
    process.stderr.write(`bench/poller failed: ${error instanceof Error ? error.message : String(error)}\n`)
    process.exitCode = 1
  })
  .finally(() => cleanUp())
