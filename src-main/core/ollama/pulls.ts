import { performance } from 'node:perf_hooks'
import type { OllamaEndpoint, PullLayer, PullProgress } from '../../../src-shared/ollama'
import { asOllamaError, type OllamaHttp } from './ollama-http'

export interface PullManagerOptions {
  readonly http: OllamaHttp
  readonly emit: (progress: PullProgress) => void
  /** A pull succeeded: the endpoint's models changed. */
  readonly changed: (endpointId: string) => void
  /** Least time between two progress events of one pull while its status stays the same. */
  readonly progressIntervalMs?: number
}

interface RunningPull {
  readonly pullId: string
  readonly endpointId: string
  readonly model: string
  readonly controller: AbortController
  readonly layers: Map<string, PullLayer>
  status: string
  state: PullProgress['state']
  error: string | null
  lastEmitAt: number
  timer: NodeJS.Timeout | undefined
}

/** How many finished pulls `list` still shows. */
const keptFinished = 20

/**
 * Runs pulls: adds up each layer's progress from Ollama's stream and reports it at most
 * ~8 times a second, at once when the status changes, and once more when the pull ends.
 */
export class PullManager {
  private nextId = 1
  private readonly running = new Map<string, RunningPull>()
  /** Newest first. */
  private finished: PullProgress[] = []
  private readonly intervalMs: number

  constructor(private readonly options: PullManagerOptions) {
    this.intervalMs = options.progressIntervalMs ?? 125
  }

  /** Starts pulling `model`, or returns the pull of it already running there. */
  start(endpoint: OllamaEndpoint, model: string): PullProgress {
    const same = [...this.running.values()].find((pull) => pull.endpointId === endpoint.id && pull.model === model)
    if (same) return progressOf(same)
    const pull: RunningPull = {
      pullId: `p${this.nextId++}`,
      endpointId: endpoint.id,
      model,
      controller: new AbortController(),
      layers: new Map(),
      status: 'starting',
      state: 'running',
      error: null,
      lastEmitAt: performance.now(),
      timer: undefined
    }
    this.running.set(pull.pullId, pull)
    void this.run(pull, endpoint)
    return progressOf(pull)
  }

  /** Running pulls, then the recently finished ones, newest first. */
  list(): PullProgress[] {
    return [...[...this.running.values()].map(progressOf).reverse(), ...this.finished]
  }

  cancel(pullId: string): void {
    const pull = this.running.get(pullId)
    if (pull) return this.finish(pull, 'cancelled', null)
    if (!this.finished.some((done) => done.pullId === pullId)) throw new Error(`there is no pull "${pullId}"`)
  }

  close(): void {
    for (const pull of this.running.values()) this.finish(pull, 'cancelled', null)
  }

  private async run(pull: RunningPull, endpoint: OllamaEndpoint): Promise<void> {
    try {
      const stream = await this.options.http.pull(endpoint, pull.controller.signal).pull({ model: pull.model, stream: true })
      for await (const part of stream) {
        if (pull.state !== 'running') return
        this.update(pull, part)
      }
      if (pull.state !== 'running') return
      this.finish(pull, 'done', null)
      this.options.changed(pull.endpointId)
    } catch (error) {
      if (pull.state === 'running') this.finish(pull, 'failed', asOllamaError(endpoint, error).message)
    }
  }

  private update(pull: RunningPull, part: { status?: unknown; digest?: unknown; total?: unknown; completed?: unknown }): void {
    if (typeof part.digest === 'string' && part.digest !== '' && typeof part.total === 'number') {
      const before = pull.layers.get(part.digest)
      // Ollama leaves `completed` out until the first bytes arrive.
      const completed = typeof part.completed === 'number' ? part.completed : (before?.completed ?? 0)
      pull.layers.set(part.digest, { digest: part.digest, total: part.total, completed })
    }
    const status = typeof part.status === 'string' ? part.status : pull.status
    if (status !== pull.status) {
      pull.status = status
      this.emitNow(pull)
      return
    }
    const waitMs = this.intervalMs - (performance.now() - pull.lastEmitAt)
    if (waitMs <= 0) this.emitNow(pull)
    else pull.timer ??= setTimeout(() => this.emitNow(pull), waitMs)
  }

  private emitNow(pull: RunningPull): void {
    clearTimeout(pull.timer)
    pull.timer = undefined
    pull.lastEmitAt = performance.now()
    this.options.emit(progressOf(pull))
  }

  private finish(pull: RunningPull, state: Exclude<PullProgress['state'], 'running'>, error: string | null): void {
    pull.state = state
    pull.error = error
    this.running.delete(pull.pullId)
    pull.controller.abort()
    this.finished = [progressOf(pull), ...this.finished].slice(0, keptFinished)
    this.emitNow(pull)
  }
}

function progressOf(pull: RunningPull): PullProgress {
  return {
    pullId: pull.pullId,
    endpointId: pull.endpointId,
    model: pull.model,
    status: pull.status,
    layers: [...pull.layers.values()],
    state: pull.state,
    error: pull.error
  }
}
