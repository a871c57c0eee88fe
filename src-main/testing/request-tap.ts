import { createServer, connect, type Socket } from 'node:net'

/**
 * A TCP relay in front of a lab server that writes down every HTTP request passing through it
 * (method, path, body): what the server received, whoever sent it, even from a process that was
 * killed since. A connection upgraded to a WebSocket is relayed without reading further.
 */

export interface TappedRequest {
  readonly method: string
  readonly path: string
  readonly body: string
}

export interface RequestTap {
  readonly url: string
  readonly requests: TappedRequest[]
  close(): Promise<void>
}

export async function startRequestTap(host: string, port: number, target: { host: string; port: number }): Promise<RequestTap> {
  const requests: TappedRequest[] = []
  const sockets = new Set<Socket>()
  const server = createServer((client) => {
    const upstream = connect(target)
    for (const socket of [client, upstream]) {
      sockets.add(socket)
      socket.once('close', () => sockets.delete(socket))
      socket.on('error', () => {
        client.destroy()
        upstream.destroy()
      })
    }
    let pending: Buffer = Buffer.alloc(0)
    let reading = true
    client.on('data', (chunk: Buffer) => {
      if (reading) {
        pending = Buffer.concat([pending, chunk])
        for (let parsed = takeRequest(pending); parsed; parsed = takeRequest(pending)) {
          pending = parsed.rest
          requests.push(parsed.request)
          if (parsed.upgrade) {
            reading = false
            break
          }
        }
      }
      upstream.write(chunk)
    })
    upstream.on('data', (chunk: Buffer) => client.write(chunk))
    client.once('end', () => upstream.end())
    upstream.once('end', () => client.end())
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, host, resolve)
  })
  return {
    url: `http://${host}:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy()
        server.close(() => resolve())
      })
  }
}

/** One whole request at the start of `bytes` (Content-Length bodies, as fetch sends), or undefined until it has come. */
function takeRequest(bytes: Buffer): { request: TappedRequest; rest: Buffer; upgrade: boolean } | undefined {
  const end = bytes.indexOf('\r\n\r\n')
  if (end < 0) return undefined
  const head = bytes.subarray(0, end).toString('latin1').split('\r\n')
  const [method = '', path = ''] = (head[0] ?? '').split(' ')
  const header = (name: string) => head.find((line) => line.toLowerCase().startsWith(`${name}:`))?.slice(name.length + 1).trim()
  const length = Number(header('content-length') ?? 0)
  if (bytes.length < end + 4 + length) return undefined
  return {
    request: { method, path, body: bytes.subarray(end + 4, end + 4 + length).toString('utf8') },
    rest: bytes.subarray(end + 4 + length),
    upgrade: header('upgrade') !== undefined
  }
}
