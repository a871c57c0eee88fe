import { createHash } from 'node:crypto'
import type { ContainerHooks, EmulatedContainer, EmulatedState } from './docker-engine'

/**
 * The Docker engine emulator's containers and what `docker start`, `stop` and `restart` do to
 * them: the engine answers 204 when it acted, 304 when the container already was in that state,
 * 404 when no container matches. A container's hooks run first; the state changes only when
 * they succeed, and requests for one container take turns, as the engine's container lock makes them.
 */

export const lifecycleActions = ['start', 'stop', 'restart'] as const
export type LifecycleAction = (typeof lifecycleActions)[number]

export type LifecycleOutcome = { readonly status: 204 | 304 } | { readonly status: 404; readonly message: string }

export interface ContainerLifecycle {
  list(): readonly EmulatedContainer[]
  set(containers: readonly EmulatedContainer[]): void
  /** `reference` is a name or an ID (or a unique start of one), as the CLI passes them. */
  act(reference: string, action: LifecycleAction): Promise<LifecycleOutcome>
}

/** Paused and restarting containers still count as running: `docker ps` without --all lists them, `docker stop` stops them. */
export function isRunning(state: EmulatedState): boolean {
  return state === 'running' || state === 'paused' || state === 'restarting'
}

/** A stable 64-hex-digit ID per name. */
export function containerId(name: string): string {
  return createHash('sha256').update(`container:${name}`).digest('hex')
}

export function containerLifecycle(initial: readonly EmulatedContainer[], hooks: Readonly<Record<string, ContainerHooks>>): ContainerLifecycle {
  let containers = [...initial]
  const turns = new Map<string, Promise<unknown>>()

  const find = (reference: string): EmulatedContainer | undefined => {
    const name = reference.replace(/^\//, '')
    const byName = containers.find((container) => container.name === name)
    if (byName) return byName
    const byId = containers.filter((container) => containerId(container.name).startsWith(reference))
    return byId.length === 1 ? byId[0] : undefined
  }
  const update = (name: string, change: Partial<EmulatedContainer>): void => {
    containers = containers.map((container) => (container.name === name ? { ...container, ...change } : container))
  }
  const current = (name: string): EmulatedContainer | undefined => containers.find((container) => container.name === name)

  const start = async (name: string): Promise<boolean> => {
    const container = current(name)
    if (!container || isRunning(container.state)) return false
    await hooks[name]?.start()
    update(name, { state: 'running', startedAt: new Date(), exitCode: 0 })
    return true
  }
  const stop = async (name: string): Promise<boolean> => {
    const container = current(name)
    if (!container || !isRunning(container.state)) return false
    await hooks[name]?.stop()
    // The lab's servers stop cleanly on SIGTERM.
    update(name, { state: 'exited', exitCode: 0, finishedAt: new Date() })
    return true
  }
  const perform = async (name: string, action: LifecycleAction): Promise<LifecycleOutcome> => {
    if (action === 'start') return { status: (await start(name)) ? 204 : 304 }
    if (action === 'stop') return { status: (await stop(name)) ? 204 : 304 }
    await stop(name)
    await start(name)
    return { status: 204 }
  }

  // A process that ends by itself leaves its container exited, as the engine sees its task end.
  for (const [name, hook] of Object.entries(hooks)) {
    hook.onExit?.((exitCode) => {
      const container = current(name)
      if (container && isRunning(container.state)) update(name, { state: 'exited', exitCode, finishedAt: new Date() })
    })
  }

  return {
    list: () => containers,
    set: (next) => {
      containers = [...next]
    },
    act: (reference, action) => {
      const container = find(reference)
      if (!container) return Promise.resolve({ status: 404, message: `No such container: ${reference}` })
      const turn = (turns.get(container.name) ?? Promise.resolve()).then(() => perform(container.name, action))
      turns.set(
        container.name,
        turn.catch(() => undefined)
      )
      return turn
    }
  }
}
