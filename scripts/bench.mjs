import { spawnSync } from 'node:child_process'
import { existsSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { buildIfNeeded, root } from './build-if-needed.mjs'

/** `npm run bench [-- NAME]`: runs each benchmark in bench/ (or the named one) against a fresh build. */
const only = process.argv[2]
const folder = join(root, 'bench')
const benches = existsSync(folder) ? readdirSync(folder).filter((file) => /\.(ts|mjs)$/.test(file) && !file.includes('.test.')) : []
const chosen = only ? benches.filter((file) => file.startsWith(only)) : benches
if (chosen.length === 0) {
  process.stderr.write(only ? `No benchmark named ${only} in bench/.\n` : 'bench/ has no benchmarks yet.\n')
  process.exit(only ? 1 : 0)
}
buildIfNeeded()
for (const file of chosen) {
  process.stdout.write(`\n== ${file}\n`)
  const result = spawnSync(join(root, 'node_modules', '.bin', 'tsx'), [join(folder, file)], { cwd: root, stdio: 'inherit' })
  if (result.status !== 0) process.exit(result.status ?? 1)
}
