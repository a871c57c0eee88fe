import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { createCore } from '../core/create-core'
import { examplesDir } from './temp-core'

/**
 * A headless core in a process of its own, for the image queue's crash test: requests come as
 * JSON lines on stdin ({id, name, input}), replies and `imagegen.job` events go out as JSON lines
 * on stdout. The test kills it with SIGKILL and starts it again on the same data dir.
 *
 * Arguments: <dataDir> <inventoryPath> <callbackHost>
 */

const [dataDir, inventoryPath, callbackHost] = process.argv.slice(2)
if (!dataDir || !inventoryPath || !callbackHost) throw new Error('usage: imagegen-core-process <dataDir> <inventoryPath> <callbackHost>')

const core = await createCore({
  dataDir,
  inventoryPath,
  examplesDir,
  version: '0.0.0-crash-test',
  sshDir: join(dataDir, 'user-ssh'),
  env: {},
  health: { poll: false },
  imagegen: { backend: { requestMs: 3000, pollMs: 30, resultPollMaxMs: 100, callbackPollMs: 500 }, progressMs: 20, callbackHost },
  platform: { mode: 'headless', openExternal: () => Promise.resolve(false) }
})

const write = (value: unknown) => process.stdout.write(`${JSON.stringify(value)}\n`)
core.events.subscribe((name, payload) => {
  if (name === 'imagegen.job') write({ event: name, payload })
})
write({ ready: true })

for await (const line of createInterface({ input: process.stdin })) {
  const { id, name, input } = JSON.parse(line) as { id: number; name: string; input: unknown }
  void core.dispatch(name, input).then((reply) => write({ id, reply }))
}
core.close()
