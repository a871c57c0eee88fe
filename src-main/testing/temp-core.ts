import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { createCore, type Core, type CoreOptions, type Platform } from '../core/create-core'

export const examplesDir = resolve(import.meta.dirname, '../../resources/examples')

export const twoNodeYaml = `name: Test lab
nodes:
  - id: alpha
    name: Alpha
    host: 127.0.1.200
    services:
      - { id: web, kind: http, url: "http://127.0.1.200:8080/health" }
  - id: beta
    name: Beta
    host: 127.0.1.201
    parent: alpha
links:
  - { from: alpha, to: beta, label: lan }
`

export interface TempCore {
  readonly core: Core
  readonly dataDir: string
  readonly inventoryPath: string
  readonly opened: string[]
  dispose(): Promise<void>
}

/** What a test may set beyond the inventory: by default no agent, an empty ~/.ssh and no health polling. */
export type TempCoreOptions = Pick<CoreOptions, 'sshDir' | 'env' | 'sshTiming' | 'health' | 'ollama' | 'minecraft'>

/** A real core over a fresh data dir; `yaml` is written as its inventory file unless null. */
export async function startTempCore(
  yaml: string | null = twoNodeYaml,
  mode: Platform['mode'] = 'headless',
  options: TempCoreOptions = {}
): Promise<TempCore> {
  const dataDir = await mkdtemp(join(tmpdir(), 'homelab-core-'))
  const inventoryPath = join(dataDir, 'inventory.yaml')
  if (yaml !== null) await writeFile(inventoryPath, yaml)
  const opened: string[] = []
  const core = await createCore({
    dataDir,
    examplesDir,
    version: '0.0.0-test',
    sshDir: options.sshDir ?? join(dataDir, 'user-ssh'),
    env: options.env ?? {},
    ...(options.sshTiming && { sshTiming: options.sshTiming }),
    // Polling would open connections and emit events that tests of other features do not expect.
    health: options.health ?? { poll: false },
    ...(options.ollama && { ollama: options.ollama }),
    ...(options.minecraft && { minecraft: options.minecraft }),
    platform: {
      mode,
      openExternal: async (url) => {
        opened.push(url)
        return mode === 'desktop'
      }
    }
  })
  return {
    core,
    dataDir,
    inventoryPath,
    opened,
    async dispose() {
      core.close()
      await rm(dataDir, { recursive: true, force: true })
    }
  }
}

/** Resolves with the first value `subscribe` delivers that passes `accept`, or fails after `ms`. */
export function nextValue<T>(subscribe: (listener: (value: T) => void) => () => void, accept: (value: T) => boolean, ms = 5000): Promise<T> {
  return new Promise((resolvePromise, reject) => {
    const timer = setTimeout(() => {
      unsubscribe()
      reject(new Error(`no matching value within ${ms} ms`))
    }, ms)
    const unsubscribe = subscribe((value) => {
      if (!accept(value)) return
      clearTimeout(timer)
      unsubscribe()
      resolvePromise(value)
    })
  })
}
