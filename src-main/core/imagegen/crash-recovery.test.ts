import Database from 'better-sqlite3'
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { createInterface } from 'node:readline'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { startA1111Emulator, type A1111Emulator } from '../../../lab/a1111'
import { startComfyuiEmulator, type ComfyuiEmulator } from '../../../lab/comfyui'
import { startImagegenWorker, type ImagegenWorker } from '../../../lab/imagegen-worker'
import type { ImageJob, JobParams } from '../../../src-shared/imagegen'
import { startRequestTap, type RequestTap, type TappedRequest } from '../../testing/request-tap'

/**
 * The headless core is killed with SIGKILL while jobs wait and run on all three APIs, then
 * started again on the same data dir. The emulators live in this process, so they keep working
 * through the kill; taps in front of them write down every request they received. Every job
 * must end once: done, with exactly one image, never sent twice. The one exception is A1111's
 * job that was running at the kill: A1111 hands an image only to the request that asked for it,
 * so that job ends failed saying so, and is not run again behind the user's back.
 */

const iterations = 20
const hosts = { worker: '127.0.1.114', a1111: '127.0.1.115', comfyui: '127.0.1.116', taps: '127.0.1.117', callbacks: '127.0.1.118' }
const entry = resolve(import.meta.dirname, '../../testing/imagegen-core-process.ts')
const yaml = `name: Crash lab
nodes:
  - id: gpu
    name: GPU PC
    host: ${hosts.worker}
    services:
      - { id: worker, kind: imagegen, api: worker, url: "http://${hosts.taps}:7000" }
      - { id: a1111, kind: imagegen, api: a1111, url: "http://${hosts.taps}:7860" }
      - { id: comfy, kind: imagegen, api: comfyui, url: "http://${hosts.taps}:8188" }
`
const params: JobParams = { prompt: 'crash test', negativePrompt: '', width: 64, height: 64, steps: 6, cfg: 7, seed: null, model: null, workflow: null }
const batches = { 'gpu/comfy': 4, 'gpu/worker': 3, 'gpu/a1111': 3 } as const
const lostOnA1111 = 'gives an image only to the request that asked for it'

let worker: ImagegenWorker
let a1111: A1111Emulator
let comfy: ComfyuiEmulator
const taps: Record<'worker' | 'a1111' | 'comfy', RequestTap> = {} as never

/** The core in a child process, spoken to in JSON lines. */
class CoreProcess {
  readonly jobs = new Map<number, ImageJob>()
  private readonly replies = new Map<number, (reply: { ok: boolean; value?: unknown; error?: { message: string } }) => void>()
  private nextId = 1
  readonly ready: Promise<void>
  readonly exited: Promise<void>

  private constructor(readonly child: ChildProcess) {
    let started: () => void
    this.ready = new Promise((resolve) => (started = resolve))
    this.exited = new Promise((resolve) => child.once('exit', () => resolve()))
    createInterface({ input: child.stdout! }).on('line', (line) => {
      const message = JSON.parse(line) as { ready?: true; id?: number; reply?: never; event?: string; payload?: ImageJob }
      if (message.ready) started()
      if (message.event === 'imagegen.job' && message.payload) this.jobs.set(message.payload.id, message.payload)
      if (message.id !== undefined) this.replies.get(message.id)?.(message.reply!)
    })
  }

  static async start(dataDir: string): Promise<CoreProcess> {
    const child = spawn(process.execPath, ['--import', 'tsx', entry, dataDir, join(dataDir, 'inventory.yaml'), hosts.callbacks], { stdio: ['pipe', 'pipe', 'inherit'] })
    const core = new CoreProcess(child)
    await Promise.race([core.ready, core.exited.then(() => Promise.reject(new Error('the core process ended before it was ready')))])
    return core
  }

  call<T>(name: string, input: unknown): Promise<T> {
    const id = this.nextId++
    return new Promise((resolve, reject) => {
      this.replies.set(id, (reply) => (reply.ok ? resolve(reply.value as T) : reject(new Error(`${name}: ${reply.error?.message}`))))
      this.child.stdin!.write(`${JSON.stringify({ id, name, input })}\n`)
    })
  }

  async kill(): Promise<void> {
    this.child.kill('SIGKILL')
    await this.exited
  }
}

beforeAll(async () => {
  const quiet = () => undefined
  worker = await startImagegenWorker({ host: hosts.worker, port: 7000, secondsPerStep: 0.03, log: quiet, callbackTimeoutMs: 1000 })
  a1111 = await startA1111Emulator({ host: hosts.a1111, port: 7860, secondsPerStep: 0.03, loadSeconds: 0.01 })
  comfy = await startComfyuiEmulator({ host: hosts.comfyui, port: 8188, secondsPerStep: 0.03, loadSeconds: 0.01 })
  taps.worker = await startRequestTap(hosts.taps, 7000, { host: hosts.worker, port: 7000 })
  taps.a1111 = await startRequestTap(hosts.taps, 7860, { host: hosts.a1111, port: 7860 })
  taps.comfy = await startRequestTap(hosts.taps, 8188, { host: hosts.comfyui, port: 8188 })
})

afterAll(async () => {
  await Promise.all([...Object.values(taps).map((tap) => tap?.close()), worker?.close(), a1111?.close(), comfy?.close()])
})

/** The task ids the tap saw submitted: ComfyUI's prompt_id, A1111's force_task_id, the worker's task_id. */
function submitted(requests: readonly TappedRequest[], path: string, field: string): string[] {
  return requests.filter((request) => request.method === 'POST' && request.path === path).map((request) => String((JSON.parse(request.body) as Record<string, unknown>)[field]))
}

/** States as the killed core left them in its database. */
function statesOnDisk(dataDir: string): Record<string, number> {
  const db = new Database(join(dataDir, 'console.sqlite'))
  try {
    const rows = db.prepare<[], { state: string; count: number }>('SELECT state, COUNT(*) AS count FROM image_jobs GROUP BY state').all()
    return Object.fromEntries(rows.map((row) => [row.state, row.count]))
  } finally {
    db.close()
  }
}

async function untilAllEnded(core: CoreProcess, ms = 60_000): Promise<ImageJob[]> {
  const deadline = Date.now() + ms
  for (;;) {
    const jobs = await core.call<ImageJob[]>('imagegen.jobs', {})
    const own = jobs.filter((job) => !job.external)
    if (own.every((job) => job.state === 'done' || job.state === 'failed' || job.state === 'cancelled')) return own
    if (Date.now() > deadline) throw new Error(`jobs still open: ${JSON.stringify(own.filter((job) => !['done', 'failed', 'cancelled'].includes(job.state)).map((job) => [job.id, job.workerId, job.state, job.message]))}`)
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
}

it(`loses no job and runs none twice when the core is killed mid-queue, ${iterations} times over`, { timeout: 600_000 }, async () => {
  const figures: string[] = []
  for (let round = 1; round <= iterations; round++) {
    const dataDir = await mkdtemp(join(tmpdir(), 'homelab-crash-'))
    const seen = { worker: taps.worker.requests.length, a1111: taps.a1111.requests.length, comfy: taps.comfy.requests.length }
    try {
      await writeFile(join(dataDir, 'inventory.yaml'), yaml)
      const first = await CoreProcess.start(dataDir)
      for (const [workerId, count] of Object.entries(batches)) await first.call('imagegen.submit', { workerId, params, count })
      // Kill once A1111 runs one job (the rest wait behind it), at a point that moves from round to round.
      const deadline = Date.now() + 20_000
      while (![...first.jobs.values()].some((job) => job.workerId === 'gpu/a1111' && job.state === 'running' && (job.progress?.percent ?? 0) > 0)) {
        if (Date.now() > deadline) throw new Error('no A1111 job ran')
        await new Promise((resolve) => setTimeout(resolve, 5))
      }
      await new Promise((resolve) => setTimeout(resolve, (round * 37) % 250))
      await first.kill()
      const atKill = statesOnDisk(dataDir)
      expect(atKill['queued']).toBeGreaterThan(0)
      expect((atKill['running'] ?? 0) + (atKill['sending'] ?? 0)).toBeGreaterThan(0)

      const second = await CoreProcess.start(dataDir)
      let jobs: ImageJob[]
      try {
        jobs = await untilAllEnded(second)
      } finally {
        await second.kill()
      }
      expect(jobs).toHaveLength(10)
      const lost = jobs.filter((job) => job.state === 'failed')
      for (const job of lost) {
        expect(job.workerId).toBe('gpu/a1111')
        expect(job.message).toContain(lostOnA1111)
      }
      expect(lost.length).toBeLessThanOrEqual(1)
      for (const job of jobs.filter((candidate) => candidate.state !== 'failed')) {
        expect(job.state).toBe('done')
        expect(job.imageIds).toHaveLength(1)
      }
      // What each server received: every job once, none twice, none missing.
      const received = {
        comfy: submitted(taps.comfy.requests.slice(seen.comfy), '/prompt', 'prompt_id'),
        a1111: submitted(taps.a1111.requests.slice(seen.a1111), '/sdapi/v1/txt2img', 'force_task_id'),
        worker: submitted(taps.worker.requests.slice(seen.worker), '/api/generate', 'task_id')
      }
      expect(received.comfy).toHaveLength(batches['gpu/comfy'])
      expect(received.a1111).toHaveLength(batches['gpu/a1111'])
      expect(received.worker).toHaveLength(batches['gpu/worker'])
      for (const ids of Object.values(received)) expect(new Set(ids).size).toBe(ids.length)
      figures.push(`round ${String(round).padStart(2)}: at the kill ${JSON.stringify(atKill)}; after the restart ${jobs.filter((job) => job.state === 'done').length} done, ${lost.length} lost on A1111`)
    } finally {
      await rm(dataDir, { recursive: true, force: true })
    }
  }
  process.stdout.write(`crash test:\n${figures.join('\n')}\n`)
})
