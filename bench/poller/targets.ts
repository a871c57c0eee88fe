/**
 * The bench's simulated lab, run in its own process so its CPU is not counted against either
 * poller: on each of `count` loopback addresses an HTTP server on `port` answers /metrics with a
 * real node_exporter page (read from the file given), /health with a small JSON body, and
 * /probe with a one-line exposition (what Prometheus scrapes where the console probes /health).
 * Prints "ready" once every server listens.
 */
import { readFileSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import { benchAddress } from './addresses'

const [count, port, pagePath] = [Number(process.argv[2]), Number(process.argv[3]), process.argv[4]!]
const page = readFileSync(pagePath)
const health = Buffer.from(JSON.stringify({ status: 'ok', checks: { db: true } }))
const probe = Buffer.from('# TYPE bench_ok gauge\nbench_ok 1\n')

const servers: Server[] = []
function serve(address: string): Promise<void> {
  const server = createServer((request, response) => {
    const body = request.url === '/metrics' ? page : request.url === '/health' ? health : request.url === '/probe' ? probe : undefined
    if (!body) {
      response.writeHead(404).end()
      return
    }
    response.writeHead(200, { 'content-type': request.url === '/health' ? 'application/json' : 'text/plain; version=0.0.4', 'content-length': body.length })
    response.end(body)
  })
  servers.push(server)
  return new Promise((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, address, () => resolve())
  })
}

await Promise.all(Array.from({ length: count }, (_, index) => serve(benchAddress(index))))
process.stdout.write('ready\n')
process.on('SIGTERM', () => {
  for (const server of servers) server.close()
  process.exit(0)
})
