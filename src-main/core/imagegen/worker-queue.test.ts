import { createSocket } from 'node:dgram'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { startA1111Emulator } from '../../../lab/a1111'
import type { JobParams, JobState } from '../../../src-shared/imagegen'
import { openDatabase, type StoreDatabase } from '../store/database'
import { a1111Backend } from './a1111-backend'
import type { Backend } from './backend'
import { defaultBackendTiming, type BackendTiming } from './backend-timing'
import { comfyuiBackend } from './comfyui-backend'
import { Gallery } from './gallery'
import { JobStore } from './job-store'
import { workerBackend } from './worker-backend'
import { WorkerQueue, type QueueWorker } from './worker-queue'

/** One queue over a real store and a real backend, as create-imagegen builds it. */
const hosts = { hungA1111: '127.0.1.120', busyA1111: '127.0.1.124', goneA1111: '127.0.1.121', goneComfyui: '127.0.1.122', sleeper: '127.0.1.123' }
const timing: BackendTiming = { ...defaultBackendTiming, requestMs: 1000, pollMs: 30, generationMs: 600 }
const params: JobParams = { prompt: 'a lighthouse', negativePrompt: '', width: 64, height: 64, steps: 150, cfg: 7, seed: 3, model: null, workflow: null }
const cleanups: (() => Promise<void> | void)[] = []

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

interface Harness {
  readonly db: StoreDatabase
  readonly store: JobStore
  queue(backend: Backend, worker?: Partial<QueueWorker>, cancelGraceMs?: number): WorkerQueue
  /** Resolves once the job is in `state`, as the store has it. */
  state(jobId: number, state: JobState, ms?: number): Promise<void>
}

async function harness(): Promise<Harness> {
  const dir = await mkdtemp(join(tmpdir(), 'homelab-queue-'))
  const db = openDatabase(dir)
  cleanups.push(async () => {
    db.close()
    await rm(dir, { recursive: true, force: true })
  })
  const store = new JobStore(db)
  const gallery = new Gallery(db, join(dir, 'images'))
  return {
    db,
    store,
    queue(backend, worker = {}, cancelGraceMs = 5000) {
      const queue = new WorkerQueue({
        worker: { id: 'gpu/sd', name: 'GPU › SD', nodeName: 'GPU', wol: undefined, ...worker },
        backend,
        store,
        gallery,
        transaction: (work) => db.transaction(work)(),
        changed: () => undefined,
        imageAdded: () => undefined,
        wakeTiming: { timeoutMs: 60_000, pollMs: 50 },
        cancelGraceMs
      })
      cleanups.push(() => queue.close())
      return queue
    },
    async state(jobId, state, ms = 4000) {
      const deadline = Date.now() + ms
      while (store.get(jobId)?.state !== state) {
        if (Date.now() > deadline) throw new Error(`job ${jobId} is ${store.get(jobId)?.state}, never ${state}`)
        await new Promise((resolve) => setTimeout(resolve, 20))
      }
    }
  }
}

/** A job a console that stopped left on the worker. */
function leftBehind(db: StoreDatabase, state: 'sending' | 'running', taskId = `left-${state}-${Date.now()}`): number {
  return Number(
    db
      .prepare(`INSERT INTO image_jobs (worker_id, state, position, params, seed, task_id, created_at, started_at) VALUES ('gpu/sd', ?, 1, ?, 3, ?, 1, 1)`)
      .run(state, JSON.stringify(params), taskId).lastInsertRowid
  )
}

describe('a stop the worker does not confirm', () => {
  it('is left to the next start once the queue closed, not ended behind its back', async () => {
    const a1111 = await startA1111Emulator({ host: hosts.hungA1111, port: 7860, secondsPerStep: 0.02, loadSeconds: 0.02 })
    cleanups.push(() => a1111.close())
    a1111.jobFault = 'hang'
    const { store, queue: queueOf, state } = await harness()
    const queue = queueOf(a1111Backend({ url: a1111.url, where: () => 'A1111 at GPU', timing: { ...timing, generationMs: 60_000 } }), {}, 200)
    const [job] = store.insert('gpu/sd', params, 1)
    queue.start()
    await state(job!.id, 'running')
    await queue.cancel(store.get(job!.id)!)
    queue.close()
    await new Promise((resolve) => setTimeout(resolve, 500))
    expect(store.get(job!.id)).toMatchObject({ state: 'running', message: 'stopping…' })
  })
})

describe('after a restart, a job stopped while it waited on A1111 behind another client', () => {
  it('is interrupted as soon as it starts, not left to run to its end', async () => {
    const a1111 = await startA1111Emulator({ host: hosts.busyA1111, port: 7860, secondsPerStep: 0.02, loadSeconds: 0.02 })
    cleanups.push(() => a1111.close())
    const txt2img = (body: object) => fetch(`${a1111.url}/sdapi/v1/txt2img`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ prompt: 'x', width: 64, height: 64, ...body }) })
    const theirs = txt2img({ steps: 40 })
    const taskId = `ours-${Date.now()}`
    // What the console that stopped had sent: it waits for A1111's lock.
    const ours = txt2img({ steps: 150, force_task_id: taskId })
    const { db, store, queue, state } = await harness()
    const jobId = leftBehind(db, 'sending', taskId)
    const stopping = queue(a1111Backend({ url: a1111.url, where: () => 'A1111 at GPU', timing: { ...timing, generationMs: 60_000 } }), {}, 20_000)
    stopping.start()
    await state(jobId, 'running')
    await stopping.cancel(store.get(jobId)!)
    await state(jobId, 'cancelled', 10_000)
    await Promise.all([theirs, ours])
    const progress = (await (await fetch(`${a1111.url}/sdapi/v1/progress`)).json()) as { state: { interrupted: boolean } }
    expect(progress.state.interrupted).toBe(true)
    expect(store.get(jobId)?.message).toBeNull()
  })
})

describe('after a restart, a worker that no longer answers', () => {
  it.each([
    ['A1111', () => a1111Backend({ url: `http://${hosts.goneA1111}:7860`, where: () => 'A1111 at GPU', timing })],
    ['ComfyUI', () => comfyuiBackend({ url: `http://${hosts.goneComfyui}:8188`, where: () => 'ComfyUI at GPU', timing, clientId: 'test' })]
  ])('%s: the job fails, saying why, once the generation time is over', async (_name, backend) => {
    const { db, store, queue, state } = await harness()
    const running = leftBehind(db, 'running')
    const sending = leftBehind(db, 'sending')
    queue(backend()).start()
    await state(running, 'failed')
    await state(sending, 'failed')
    expect(store.get(running)?.message).toMatch(/cannot be reached: refused, for 0\.6 s since the console restarted: whether it made this job is unknown, retry to make it$/)
  })
})

describe('a job cancelled while its node is being woken', () => {
  it('stops the waiting, so the next job is not held up for the whole wake time', async () => {
    const packets = createSocket('udp4')
    await new Promise<void>((resolve) => packets.bind(9009, hosts.sleeper, resolve))
    cleanups.push(() => void packets.close())
    const { store, queue: queueOf, state } = await harness()
    const worker = { wol: { mac: 'd8:3a:dd:00:00:02', broadcast: hosts.sleeper, port: 9009 }, nodeName: 'Sleeper' }
    const queue = queueOf(workerBackend({ url: `http://${hosts.sleeper}:7100`, where: () => 'the worker at Sleeper', timing, callbacks: undefined }), worker)
    const [first, second] = store.insert('gpu/sd', params, 2)
    queue.start()
    const waking = () => store.get(first!.id)?.message === 'waking Sleeper…'
    while (!waking()) await new Promise((resolve) => setTimeout(resolve, 20))
    await queue.cancel(store.get(first!.id)!)
    await state(first!.id, 'cancelled')
    const deadline = Date.now() + 4000
    while (store.get(second!.id)?.message !== 'waking Sleeper…') {
      if (Date.now() > deadline) throw new Error('the second job waits behind the cancelled one')
      await new Promise((resolve) => setTimeout(resolve, 20))
    }
    expect(store.get(first!.id)?.message).toBeNull()
  })
})
