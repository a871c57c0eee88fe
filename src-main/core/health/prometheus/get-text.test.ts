import { once } from 'node:events'
import { createServer, type RequestListener, type Server } from 'node:http'
import type { AddressInfo, Socket } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { getText, PrometheusError } from './prometheus-client'

const address = '127.0.1.97'
const servers: { server: Server; sockets: Set<Socket> }[] = []

async function serve(handler: RequestListener): Promise<string> {
  const server = createServer(handler)
  const sockets = new Set<Socket>()
  server.on('connection', (socket) => sockets.add(socket))
  servers.push({ server, sockets })
  server.listen(0, address)
  await once(server, 'listening')
  return `http://${address}:${(server.address() as AddressInfo).port}`
}

afterEach(async () => {
  for (const { server, sockets } of servers.splice(0)) {
    for (const socket of sockets) socket.destroy()
    await new Promise((resolve) => server.close(resolve))
  }
})

const options = { signal: new AbortController().signal, timeoutMs: 5000, accept: 'text/plain' }

async function failure(url: string): Promise<string> {
  const error: unknown = await getText(url, options).then(
    () => undefined,
    (reason: unknown) => reason
  )
  expect(error).toBeInstanceOf(PrometheusError)
  return (error as PrometheusError).message
}

describe('getText', () => {
  it('follows redirects, relative and to another server, as fetch does', async () => {
    const target = await serve((request, response) => response.end(`final ${request.url} for ${request.headers.accept}`))
    const proxy = await serve((request, response) => {
      if (request.url === '/metrics') response.writeHead(301, { location: '/moved/metrics' }).end()
      else if (request.url === '/moved/metrics') response.writeHead(307, { location: `${target}/there` }).end('see there')
      else response.writeHead(404).end()
    })
    expect(await getText(`${proxy}/metrics`, options)).toEqual({ status: 200, text: 'final /there for text/plain' })
  })

  it('gives up on a redirect loop', async () => {
    const loop = await serve((_, response) => response.writeHead(302, { location: '/again' }).end())
    expect(await failure(`${loop}/start`)).toBe('the reply redirects too many times')
  })

  it('reads no more than 16 MiB', async () => {
    const huge = await serve((_, response) => response.end(Buffer.alloc((16 << 20) + 1, 'a')))
    expect(await failure(huge)).toBe('the reply is larger than 16 MiB')
  })

  it('says the connection dropped when the reply is cut short', async () => {
    const cut = await serve((request, response) => {
      response.writeHead(200, { 'content-length': '100' })
      response.write('# TYPE node_load1 gauge\n')
      setTimeout(() => request.socket.destroy(), 20)
    })
    expect(await failure(cut)).toBe('the connection dropped')
  })
})
