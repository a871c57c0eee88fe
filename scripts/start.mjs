import { spawn } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { buildIfNeeded, root } from './build-if-needed.mjs'

/**
 * `npm start`: the desktop app where Electron can run, otherwise the same app headless.
 * Arguments after `--` go to either (e.g. `--inventory FILE`).
 */
const args = process.argv.slice(2)
const unavailable = whyNoDesktop()
if (unavailable) {
  process.stderr.write(`Desktop app not available here: ${unavailable}. Starting headless instead.\n`)
  await import('./serve.mjs')
} else {
  buildIfNeeded()
  const app = spawn(electronBinary(), [root, ...args], { stdio: 'inherit' })
  app.on('exit', (code) => process.exit(code ?? 0))
}

function electronBinary() {
  if (process.env.ELECTRON_OVERRIDE_DIST_PATH) return join(process.env.ELECTRON_OVERRIDE_DIST_PATH, 'electron')
  const electron = join(root, 'node_modules', 'electron')
  const pathFile = join(electron, 'path.txt')
  return existsSync(pathFile) ? join(electron, 'dist', readFileSync(pathFile, 'utf8').trim()) : ''
}

function whyNoDesktop() {
  const binary = electronBinary()
  if (!binary || !existsSync(binary)) return 'the Electron runtime is not installed (installed with ELECTRON_SKIP_BINARY_DOWNLOAD)'
  if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) return 'there is no display'
  return undefined
}
