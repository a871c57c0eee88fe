import { spawn } from 'node:child_process'
import { join } from 'node:path'
import { buildIfNeeded, root } from './build-if-needed.mjs'

/** `npm run serve -- [--inventory FILE] [--port N] [--data-dir DIR] [--host H]`, or `--build-only`. */
const args = process.argv.slice(2)
buildIfNeeded()
if (!args.includes('--build-only')) {
  const server = spawn(process.execPath, [join(root, 'out', 'main', 'serve.js'), ...args], { stdio: 'inherit' })
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => server.kill(signal))
  server.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)))
}
