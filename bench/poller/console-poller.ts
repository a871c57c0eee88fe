/**
 * The console's poller in a process of its own, so its CPU time is its alone: the health
 * service with its SQLite history polls `count` bench nodes × 4 probes every `intervalMs`
 * for `seconds`, after a warm-up, then prints one JSON line of figures.
 */
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Inventory } from '../../src-shared/inventory'
import { HealthService } from '../../src-main/core/health/health-service'
import { HealthEventsStore } from '../../src-main/core/health/history/health-events-store'
import { MetricsHistory } from '../../src-main/core/health/history/metrics-history'
import { probesFor } from '../../src-main/core/health/inventory-probes'
import { openDatabase } from '../../src-main/core/store/database'
import { benchAddress } from './addresses'

const [count, port, intervalMs, seconds, warmupSeconds] = process.argv.slice(2).map(Number) as [number, number, number, number, number]

const inventory = Inventory.parse({
  name: 'Bench lab',
  nodes: Array.from({ length: count }, (_, index) => {
    const host = benchAddress(index)
    return {
      id: `node-${index}`,
      name: `Node ${index}`,
      host,
      metrics: `prometheus:http://${host}:${port}/metrics`,
      services: [
        { id: 'health', kind: 'http', url: `http://${host}:${port}/health`, expect: { keyword: '"ok"' }, interval: intervalMs / 1000 },
        { id: 'checks', kind: 'http', url: `http://${host}:${port}/health`, expect: { json: { path: 'checks.db', equals: true } }, interval: intervalMs / 1000 },
        { id: 'port', kind: 'tcp', port, interval: intervalMs / 1000 }
      ]
    }
  })
})

const dataDir = await mkdtemp(join(tmpdir(), 'bench-poller-'))
const db = openDatabase(dataDir)
const history = new MetricsHistory(db)
let measuring = false
let runs = 0
let failures = 0
const lags: number[] = []
const service = new HealthService({
  probesFor: (current) => probesFor(current, { exec: () => Promise.reject(new Error('no SSH in the bench')), nodeIntervalMs: intervalMs }),
  samples: history,
  transitions: new HealthEventsStore(db),
  sshState: () => undefined,
  onChanged: () => undefined,
  onTransition: () => undefined,
  maxInFlight: 256,
  onRun: (run) => {
    if (!measuring) return
    runs++
    if (run.result.status !== 'up') failures++
    lags.push(run.startedAt - run.dueAt)
  }
})

const gc = (globalThis as { gc?: () => void }).gc
const memory = () => {
  gc?.()
  return process.memoryUsage()
}
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

service.apply(inventory)
await sleep(warmupSeconds * 1000)
const memoryBefore = memory()
const cpuBefore = process.cpuUsage()
measuring = true
await sleep(seconds * 1000)
measuring = false
const cpu = process.cpuUsage(cpuBefore)
const memoryAfter = memory()
service.stop()
history.flush()
db.close()
await rm(dataDir, { recursive: true, force: true })

lags.sort((a, b) => a - b)
process.stdout.write(
  `${JSON.stringify({
    runs,
    failures,
    cpuSeconds: (cpu.user + cpu.system) / 1e6,
    userSeconds: cpu.user / 1e6,
    lagP50: lags[Math.floor(lags.length * 0.5)] ?? 0,
    lagP99: lags[Math.floor(lags.length * 0.99)] ?? 0,
    heapBefore: memoryBefore.heapUsed,
    heapAfter: memoryAfter.heapUsed,
    rssBefore: memoryBefore.rss,
    rssAfter: memoryAfter.rss
  })}\n`
)
