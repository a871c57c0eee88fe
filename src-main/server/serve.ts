import { readFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { createCore } from '../core/create-core'
import { defaultDataDir } from '../core/paths'
import { createToken } from './access-token'
import { startHeadlessServer } from './headless-server'

/**
 * Headless mode: the same core and renderer as the desktop app, served to a browser over
 * WebSocket. Prints exactly one line on stdout, the URL to open; everything else goes to stderr.
 */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      inventory: { type: 'string' },
      port: { type: 'string', default: '4780' },
      host: { type: 'string', default: '127.0.0.1' },
      'data-dir': { type: 'string' }
    }
  })
  const port = Number(values.port)
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port must be 0 to 65535, not ${values.port}`)

  const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..')
  const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string }
  const core = await createCore({
    dataDir: resolve(values['data-dir'] ?? defaultDataDir()),
    inventoryPath: values.inventory === undefined ? undefined : resolve(values.inventory),
    examplesDir: join(root, 'resources', 'examples'),
    version,
    platform: { mode: 'headless', openExternal: async () => false }
  })
  const server = await startHeadlessServer({
    core,
    rendererDir: join(root, 'out', 'renderer'),
    host: values.host,
    port,
    token: createToken()
  })
  process.stdout.write(`Console ready at ${server.url}\n`)

  let stopping = false
  const stop = () => {
    if (stopping) return
    stopping = true
    void server.close().then(() => {
      core.close()
      process.exit(0)
    })
  }
  process.on('SIGINT', stop)
  process.on('SIGTERM', stop)
}

main().catch((error: unknown) => {
  const message = error instanceof Error ? error.message : String(error)
  const hint = (error as NodeJS.ErrnoException).code === 'EADDRINUSE' ? ' (the port is taken: pass --port N, or 0 for any free port)' : ''
  process.stderr.write(`Homelab Console could not start: ${message}${hint}\n`)
  process.exit(1)
})
