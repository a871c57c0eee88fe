import { setTimeout as delay } from 'node:timers/promises'
import { modelKey, type OllamaModel } from './ollama-model'
import { nowNs } from './ollama-wire'

/**
 * Ollama's scheduler as a client sees it: models load (taking time in proportion to their size),
 * stay loaded for keep_alive after their last request, and run one request at a time each while
 * the rest wait in line, up to a limit past which the server answers 503.
 */

/** A model held in memory, as /api/ps lists it. */
export interface Runner {
  readonly model: OllamaModel
  readonly size: number
  readonly sizeVram: number
  readonly contextLength: number
  expiresAtNs: bigint
}

/** What keep_alive asks: milliseconds, forever (negative), or the server's default (absent). */
export type KeepAliveMs = number | 'forever' | undefined

export class QueueFullError extends Error {
  constructor() {
    super('server busy, please try again.  maximum pending requests exceeded')
  }
}

export interface RunnerSettings {
  readonly loadBytesPerSecond: number
  /** GPU memory; all of every model fits when absent, 0 for a machine without a GPU. */
  readonly vramBytes: number | undefined
  readonly maxQueue: number
  /** Aborted when the server closes, so no load outlives it. */
  readonly closing: AbortSignal
}

/** Ollama's default keep_alive. */
const defaultKeepAliveMs = 5 * 60_000

/** When a model loaded now unloads under the default keep_alive. */
export function defaultExpiryNs(): bigint {
  return nowNs() + BigInt(defaultKeepAliveMs) * 1_000_000n
}
/** time.Duration(math.MaxInt64): what Ollama makes of a negative keep_alive. */
const foreverNs = 9_223_372_036_854_775_807n
/** An f16 KV cache of a mid-size model, per token of context. */
const kvBytesPerToken = 65_536
export const defaultContextLength = 4096
/** setTimeout's longest delay; a model kept longer than this simply stays. */
const longestTimerMs = 2_147_483_647

interface Line {
  busy: boolean
  readonly waiting: (() => void)[]
  /** An unload asked for while a request ran. */
  unloadWhenIdle: boolean
}

export class OllamaRunners {
  private readonly loaded = new Map<string, Runner>()
  private readonly loading = new Map<string, Promise<void>>()
  private readonly lines = new Map<string, Line>()
  private readonly timers = new Map<string, NodeJS.Timeout>()

  constructor(private readonly settings: RunnerSettings) {}

  /** As /api/ps orders them: latest expiry first. */
  list(): Runner[] {
    const seconds = (runner: Runner) => runner.expiresAtNs / 1_000_000_000n
    return [...this.loaded.values()].sort((a, b) => (seconds(a) === seconds(b) ? 0 : seconds(a) > seconds(b) ? -1 : 1))
  }

  /** Makes exactly these models loaded, as if they had been run. */
  replace(runners: readonly Runner[]): void {
    for (const key of [...this.loaded.keys()]) this.unload(key)
    for (const runner of runners) this.loaded.set(modelKey(runner.model.name), runner)
  }

  /** Waits for the model's turn (first come, first served); call the returned function when done. */
  acquire(model: OllamaModel, signal: AbortSignal): Promise<() => void> {
    const key = modelKey(model.name)
    const line = this.lineFor(key)
    if (!line.busy) {
      line.busy = true
      return Promise.resolve(this.releaser(key, line))
    }
    if (this.pending() >= this.settings.maxQueue) return Promise.reject(new QueueFullError())
    return new Promise((resolve, reject) => {
      const onAbort = () => {
        line.waiting.splice(line.waiting.indexOf(take), 1)
        reject(signal.reason)
      }
      const take = () => {
        signal.removeEventListener('abort', onAbort)
        resolve(this.releaser(key, line))
      }
      line.waiting.push(take)
      signal.addEventListener('abort', onAbort, { once: true })
    })
  }

  /**
   * Loads the model unless it is loaded; resolves once it can answer. A request that holds the
   * model's turn (`mayReload`) and asks for another num_ctx reloads it, as Ollama does.
   */
  async ensureLoaded(model: OllamaModel, contextLength: number | undefined, mayReload: boolean, signal: AbortSignal): Promise<void> {
    const key = modelKey(model.name)
    for (;;) {
      const current = this.loaded.get(key)
      if (current && (!mayReload || contextLength === undefined || contextLength === current.contextLength)) return
      if (current) this.unload(key)
      let load = this.loading.get(key)
      if (!load) {
        load = this.load(model, contextLength ?? defaultContextLength).finally(() => this.loading.delete(key))
        this.loading.set(key, load)
      }
      await abortable(load, signal)
    }
  }

  /** Sets when the model unloads: keep_alive from now; 0 unloads it as soon as it is idle. */
  keepAlive(model: OllamaModel, keepAlive: KeepAliveMs): void {
    const key = modelKey(model.name)
    const runner = this.loaded.get(key)
    if (!runner) return
    const ms = keepAlive ?? defaultKeepAliveMs
    runner.expiresAtNs = nowNs() + (ms === 'forever' ? foreverNs : BigInt(ms) * 1_000_000n)
    clearTimeout(this.timers.get(key))
    this.timers.delete(key)
    if (ms === 'forever' || ms > longestTimerMs) return
    const timer = setTimeout(() => {
      this.timers.delete(key)
      if (this.lines.get(key)?.busy) return
      this.unload(key)
    }, ms)
    timer.unref()
    this.timers.set(key, timer)
  }

  /** Ollama's expireRunner: unloads now, or after the request that is running. */
  expire(model: OllamaModel): void {
    const key = modelKey(model.name)
    const line = this.lines.get(key)
    if (line?.busy) line.unloadWhenIdle = true
    else this.unload(key)
  }

  close(): void {
    for (const timer of this.timers.values()) clearTimeout(timer)
    this.timers.clear()
  }

  private unload(key: string): void {
    clearTimeout(this.timers.get(key))
    this.timers.delete(key)
    this.loaded.delete(key)
  }

  private async load(model: OllamaModel, contextLength: number): Promise<void> {
    const loadNs = BigInt(Math.round((model.size / this.settings.loadBytesPerSecond) * 1e9))
    await sleepUntil(process.hrtime.bigint() + loadNs, this.settings.closing)
    const size = model.size + contextLength * kvBytesPerToken
    const { vramBytes } = this.settings
    const usedVram = [...this.loaded.values()].reduce((sum, runner) => sum + runner.sizeVram, 0)
    const sizeVram = vramBytes === undefined ? size : Math.max(0, Math.min(size, vramBytes - usedVram))
    this.loaded.set(modelKey(model.name), { model, size, sizeVram, contextLength, expiresAtNs: defaultExpiryNs() })
  }

  private lineFor(key: string): Line {
    let line = this.lines.get(key)
    if (!line) {
      line = { busy: false, waiting: [], unloadWhenIdle: false }
      this.lines.set(key, line)
    }
    return line
  }

  private releaser(key: string, line: Line): () => void {
    let released = false
    return () => {
      if (released) return
      released = true
      const next = line.waiting.shift()
      if (next) return next()
      line.busy = false
      if (line.unloadWhenIdle) {
        line.unloadWhenIdle = false
        this.unload(key)
      }
    }
  }

  private pending(): number {
    let count = 0
    for (const line of this.lines.values()) count += line.waiting.length
    return count
  }
}

function abortable<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason)
  return new Promise((resolve, reject) => {
    const onAbort = () => reject(signal.reason)
    signal.addEventListener('abort', onAbort, { once: true })
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort)
        resolve(value)
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort)
        reject(error)
      }
    )
  })
}

/** Sleeps until process.hrtime reaches `deadline`; timers may fire a little early, so it checks. */
export async function sleepUntil(deadline: bigint, signal: AbortSignal): Promise<void> {
  for (;;) {
    signal.throwIfAborted()
    const left = deadline - process.hrtime.bigint()
    if (left <= 0n) return
    await delay(Math.ceil(Number(left) / 1e6), undefined, { signal })
  }
}
