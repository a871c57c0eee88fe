import { copyFile, mkdir, mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { EventName, EventPayload } from '../../src-shared/contract'
import { startLab, type Lab, type StartLabOptions } from '../../lab/lab'
import type { Core } from '../core/create-core'
import { nextValue, startTempCore, type TempCore, type TempCoreOptions } from './temp-core'

export interface SshLab {
  readonly lab: Lab
  /** A user ~/.ssh for the core; holds the lab's known_hosts unless asked otherwise. */
  readonly sshDir: string
  /** The lab's inventory text, to start cores with (possibly edited). */
  readonly inventoryYaml: string
  startCore(options?: { yaml?: string; trustLab?: boolean } & TempCoreOptions): Promise<TempCore>
  stop(): Promise<void>
}

/** A real lab plus cores that talk to it, cleaned up together. */
export async function startSshLab(labOptions: Required<Pick<StartLabOptions, 'sshPort' | 'exporterPort' | 'healthPort'>> & Pick<StartLabOptions, 'sessionEnv'>): Promise<SshLab> {
  const root = await mkdtemp(join(tmpdir(), 'homelab-ssh-'))
  const lab = await startLab({ dataDir: join(root, 'lab'), ...labOptions })
  const inventoryYaml = await readFile(lab.inventoryPath, 'utf8')
  const cores: TempCore[] = []
  let userDirs = 0
  return {
    lab,
    sshDir: join(root, 'user-ssh'),
    inventoryYaml,
    async startCore({ yaml = inventoryYaml, trustLab = true, ...options } = {}) {
      const sshDir = options.sshDir ?? join(root, `user-ssh-${userDirs++}`)
      await mkdir(sshDir, { recursive: true })
      if (trustLab) await copyFile(lab.knownHostsPath, join(sshDir, 'known_hosts'))
      const core = await startTempCore(yaml, 'headless', { sshTiming: fastTiming, ...options, sshDir })
      cores.push(core)
      return core
    },
    async stop() {
      await Promise.all(cores.map((core) => core.dispose()))
      await lab.stop()
      await rm(root, { recursive: true, force: true })
    }
  }
}

/** Short enough for tests, long enough for a loaded CI machine. */
export const fastTiming = { readyTimeoutMs: 10_000, keepaliveMs: 2000, backoffMs: () => 300 }

/** The next event `name` that passes `accept`. */
export function nextEvent<N extends EventName>(core: Core, name: N, accept: (payload: EventPayload<N>) => boolean, ms = 15_000): Promise<EventPayload<N>> {
  return nextValue<EventPayload<N>>(
    (listener) =>
      core.events.subscribe((eventName: EventName, payload: unknown) => {
        if (eventName === name) listener(payload as EventPayload<N>)
      }),
    accept,
    ms
  )
}

/** Calls a request and returns its value, failing the test with the core's message otherwise. */
export async function call(core: Core, name: string, input: unknown): Promise<unknown> {
  const reply = await core.dispatch(name, input)
  if (!reply.ok) throw new Error(`${name} failed: ${reply.error.message}`)
  return reply.value
}
