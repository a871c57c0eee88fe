import { createHash } from 'node:crypto'
import { request as httpRequest } from 'node:http'
import { request as httpsRequest } from 'node:https'
import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { picturePng } from './imagegen-picture'
import { outOfMemoryMessage, runSteps, type JobFault } from './imagegen-steps'
import { pyFloat, pyJson } from './python-json'

/**
 * The seed worker's generations, one at a time in arrival order: each writes
 * <outputDir>/<task_id>.png and, when the request named a callback_url, POSTs the outcome there
 * as the worker's `requests.post(url, json=…)` does.
 */

export interface WorkerJobsOptions {
  /** The worker's own base URL, for image_url. */
  readonly baseUrl: string
  readonly outputDir: string
  readonly secondsPerStep: number
  /** metadata.model_used */
  readonly model: string
  readonly callbackTimeoutMs: number
  readonly log: (line: string) => void
  readonly jobFault: () => JobFault
  readonly closing: AbortSignal
}

type GenerateRequest = Readonly<Record<string, unknown>>

/** What the callback receives. */
type Outcome = Readonly<Record<string, unknown>>

/** The User-Agent of python-requests, which the worker posts callbacks with. */
const requestsUserAgent = 'python-requests/2.32.3'

export class WorkerJobs {
  private readonly waiting: GenerateRequest[] = []
  private running = false

  constructor(private readonly options: WorkerJobsOptions) {}

  get activeGenerations(): number {
    return this.running ? 1 : 0
  }

  get queueLength(): number {
    return this.waiting.length
  }

  submit(data: GenerateRequest): void {
    this.waiting.push(data)
    if (!this.running) void this.drain()
  }

  private async drain(): Promise<void> {
    this.running = true
    for (let data = this.waiting.shift(); data && !this.options.closing.aborted; data = this.waiting.shift()) {
      const outcome = await this.generate(data)
      const callbackUrl = data['callback_url']
      if (outcome && typeof callbackUrl === 'string' && callbackUrl !== '') void this.post(callbackUrl, outcome)
    }
    this.running = false
  }

  /** Undefined when the worker closed mid-job. */
  private async generate(data: GenerateRequest): Promise<Outcome | undefined> {
    const taskId = data['task_id']
    const failed = (error: string): Outcome => {
      this.options.log(`image worker: task ${String(taskId)} failed: ${error}`)
      return { task_id: taskId ?? null, status: 'error', error }
    }
    // The worker reads data['task_id'] and data['prompt'], so a missing one is a KeyError.
    if (taskId === undefined || taskId === null) return failed("'task_id'")
    const prompt = data['prompt']
    if (prompt === undefined) return failed("'prompt'")
    const width = data['width'] ?? 512
    const height = data['height'] ?? 512
    if (!isWholeNumber(width) || !isWholeNumber(height) || width % 8 !== 0 || height % 8 !== 0 || width < 8 || height < 8) {
      return failed(`\`height\` and \`width\` have to be divisible by 8 but are ${String(height)} and ${String(width)}.`)
    }
    const steps = data['steps'] ?? 20
    if (!isWholeNumber(steps) || steps < 1) return failed(`num_inference_steps must be a positive integer, got ${String(steps)}`)
    const filename = `${String(taskId)}.png`
    const path = join(this.options.outputDir, filename)
    if (/[/\\]/.test(filename)) return failed(`[Errno 2] No such file or directory: '${path}'`)

    const started = performance.now()
    const outcome = await runSteps({
      steps,
      secondsPerStep: this.options.secondsPerStep,
      fault: this.options.jobFault(),
      interrupted: () => false,
      onStep: () => undefined,
      closing: this.options.closing
    })
    if (outcome.kind === 'closed') return undefined
    if (outcome.kind !== 'done') return failed(outOfMemoryMessage)
    const seed = seedOf(taskId)
    await writeFile(path, picturePng({ prompt: String(prompt), seed }, { width, height }))
    const seconds = Math.round((performance.now() - started) / 10) / 100
    return {
      task_id: taskId,
      status: 'completed',
      image_url: `${this.options.baseUrl}/generated/${encodeURIComponent(filename)}`,
      metadata: { generation_time: pyFloat(seconds), model_used: this.options.model, seed }
    }
  }

  /** A callback target that is down or slow is logged and left behind, as a worker must. */
  private post(callbackUrl: string, outcome: Outcome): Promise<void> {
    const body = Buffer.from(pyJson(outcome))
    return new Promise((resolve) => {
      const fail = (reason: string): void => {
        this.options.log(`image worker: callback to ${callbackUrl} failed: ${reason}`)
        resolve()
      }
      let url: URL
      try {
        url = new URL(callbackUrl)
      } catch {
        return fail('not a URL')
      }
      if (url.protocol !== 'http:' && url.protocol !== 'https:') return fail(`no connection adapters for ${url.protocol}`)
      const request = (url.protocol === 'https:' ? httpsRequest : httpRequest)(url, {
        method: 'POST',
        timeout: this.options.callbackTimeoutMs,
        headers: {
          'user-agent': requestsUserAgent,
          'accept-encoding': 'gzip, deflate',
          accept: '*/*',
          connection: 'keep-alive',
          'content-length': body.length,
          'content-type': 'application/json'
        }
      })
      request.once('timeout', () => request.destroy(new Error(`no answer within ${this.options.callbackTimeoutMs} ms`)))
      request.once('error', (error) => fail(error.message))
      request.once('response', (response) => {
        response.resume()
        response.once('end', resolve)
        response.once('error', (error) => fail(error.message))
      })
      request.end(body)
    })
  }
}

function isWholeNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value)
}

/** The worker draws a seed per generation; the lab draws it from the task id so runs repeat. */
function seedOf(taskId: unknown): number {
  return createHash('sha256').update(String(taskId)).digest().readUInt32BE(0)
}
