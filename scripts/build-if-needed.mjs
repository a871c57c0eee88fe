import { spawnSync } from 'node:child_process'
import { existsSync, readdirSync, statSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

export const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const stamp = join(root, 'out', '.built')
const sources = ['src-main', 'src-shared', 'src-preload', 'src-renderer', 'electron.vite.config.ts', 'package.json']

function newest(path) {
  const info = statSync(path)
  if (!info.isDirectory()) return info.mtimeMs
  return readdirSync(path).reduce((latest, entry) => Math.max(latest, newest(join(path, entry))), info.mtimeMs)
}

/** Builds main, preload and renderer when any source is newer than the last build. */
export function buildIfNeeded() {
  const built = existsSync(stamp) ? statSync(stamp).mtimeMs : 0
  const changed = sources.some((source) => existsSync(join(root, source)) && newest(join(root, source)) > built)
  if (!changed) return
  process.stderr.write('Building Homelab Console…\n')
  const result = spawnSync(process.execPath, [join(root, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js'), 'build'], {
    cwd: root,
    stdio: ['ignore', 'ignore', 'inherit']
  })
  if (result.status !== 0) {
    process.stderr.write('The build failed; see the messages above.\n')
    process.exit(result.status ?? 1)
  }
  writeFileSync(stamp, new Date().toISOString())
}
