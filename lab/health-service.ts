import { createServer } from 'node:http'

export interface HealthService {
  /** http://<host>:<port>/health */
  url: string
  close(): Promise<void>
}

/** A stand-in web app for the console's HTTP health probes: GET /health answers 200 JSON. */
export function startHealthService(options: { host: string; port: number }): Promise<HealthService> {
  const { host, port } = options
  const server = createServer((request, response) => {
    if (request.method === 'GET' && request.url === '/health') {
      response.writeHead(200, { 'content-type': 'application/json' })
      response.end(JSON.stringify({ status: 'ok' }))
      return
    }
    response.writeHead(404, { 'content-type': 'application/json' })
    response.end(JSON.stringify({ error: 'not found' }))
  })

  return new Promise((resolve, reject) => {
    server.once('error', (error) => reject(new Error(`health service on ${host}:${port}: ${error.message}`)))
    server.listen(port, host, () => {
      resolve({
        url: `http://${host}:${port}/health`,
        close: () =>
          new Promise<void>((done) => {
            // Keep-alive connections from probes would otherwise hold close() open.
            server.closeAllConnections()
            server.close(() => done())
          })
      })
    })
  })
}
