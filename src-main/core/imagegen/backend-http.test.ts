import { createServer, type Server } from 'node:http'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { callBackend } from './backend-http'

/** A server that streams `size` bytes without announcing their length, as a chunked reply does. */
const host = '127.0.1.125'
const megabyte = 1024 * 1024
let server: Server
let url: string

beforeAll(async () => {
  server = createServer((request, response) => {
    const size = Number(new URL(request.url ?? '/', 'http://x').searchParams.get('size'))
    response.writeHead(200, { 'content-type': 'application/octet-stream' })
    const chunk = Buffer.alloc(64 * 1024, 7)
    let sent = 0
    const more = () => {
      while (sent < size && !response.destroyed) {
        sent += chunk.length
        if (!response.write(chunk)) return void response.once('drain', more)
      }
      response.end()
    }
    more()
  })
  await new Promise<void>((resolve) => server.listen(0, host, resolve))
  const address = server.address()
  url = `http://${host}:${typeof address === 'object' && address ? address.port : 0}`
})

afterAll(async () => {
  server.closeAllConnections()
  await new Promise((resolve) => server.close(resolve))
})

describe('callBackend', () => {
  it('refuses a streamed reply that grows past the limit, in words, instead of filling memory', async () => {
    await expect(callBackend('ComfyUI at GPU', `${url}/?size=${4 * megabyte}`, { timeoutMs: 5000, maxBytes: megabyte })).rejects.toThrow(
      'ComfyUI at GPU sent a reply of more than 1 MB, far more than expected'
    )
  })

  it('reads a streamed reply within the limit whole', async () => {
    const reply = await callBackend('ComfyUI at GPU', `${url}/?size=${megabyte / 2}`, { timeoutMs: 5000, maxBytes: megabyte })
    expect(reply.body.length).toBe(megabyte / 2)
    expect(reply.body.every((byte) => byte === 7)).toBe(true)
  })
})
