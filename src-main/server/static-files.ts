import { createReadStream } from 'node:fs'
import { stat } from 'node:fs/promises'
import type { ServerResponse } from 'node:http'
import { extname, join, normalize, sep } from 'node:path'

const contentTypes: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.json': 'application/json'
}

/** Serves the built renderer; unknown paths get index.html so client routes survive a reload. */
export async function serveStatic(root: string, pathname: string, response: ServerResponse): Promise<void> {
  let decoded: string
  try {
    decoded = decodeURIComponent(pathname)
  } catch {
    response.writeHead(400).end('Bad Request')
    return
  }
  const relative = normalize(decoded).replace(/^([/\\])+/, '')
  let file = join(root, relative)
  if (!file.startsWith(root + sep) && file !== root) {
    response.writeHead(403).end('Forbidden')
    return
  }
  let info = await stat(file).catch(() => undefined)
  if (!info?.isFile()) {
    file = join(root, 'index.html')
    info = await stat(file).catch(() => undefined)
    if (!info?.isFile()) {
      response.writeHead(500).end('The renderer is not built: run npm run build')
      return
    }
  }
  const type = contentTypes[extname(file)] ?? 'application/octet-stream'
  const immutable = file.includes(`${sep}assets${sep}`)
  response.writeHead(200, {
    'Content-Type': type,
    'Content-Length': info.size,
    'Cache-Control': immutable ? 'public, max-age=31536000, immutable' : 'no-cache'
  })
  createReadStream(file).pipe(response)
}
