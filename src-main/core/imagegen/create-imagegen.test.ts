import Database from 'better-sqlite3'
import { createSocket } from 'node:dgram'
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { startA1111Emulator, type A1111Emulator } from '../../../lab/a1111'
import { startComfyuiEmulator, type ComfyuiEmulator } from '../../../lab/comfyui'
import { startImagegenWorker, type ImagegenWorker } from '../../../lab/imagegen-worker'
import { readPng } from '../../../lab/png-read'
import type { RequestInput, RequestName, RequestOutput } from '../../../src-shared/contract'
import type { ImageJob, JobParams } from '../../../src-shared/imagegen'
import { EventLog } from '../../testing/event-log'
import { examplesDir } from '../../testing/temp-core'
import { createCore, type Core, type CoreOptions } from '../create-core'

const hosts = { worker: '127.0.1.110', a1111: '127.0.1.111', comfyui: '127.0.1.112', polled: '127.0.1.113', callbacks: '127.0.1.119' }
const yaml = `name: Image lab
nodes:
  - id: gpu
    name: GPU PC
    host: ${hosts.worker}
    services:
      - { id: worker, name: Worker, kind: imagegen, api: worker, url: "http://${hosts.worker}:7000" }
      - { id: polled, name: Polled worker, kind: imagegen, api: worker, url: "http://${hosts.polled}:7000" }
      - { id: a1111, name: Forge, kind: imagegen, api: a1111, url: "http://${hosts.a1111}:7860" }
      - { id: comfy, name: ComfyUI, kind: imagegen, api: comfyui, url: "http://${hosts.comfyui}:8188" }
  - id: sleeper
    name: Sleeper
    host: ${hosts.callbacks}
    wol: { mac: "d8:3a:dd:00:00:01", broadcast: ${hosts.callbacks}, port: 9009 }
    services:
      - { id: worker, kind: imagegen, api: worker, url: "http://${hosts.callbacks}:7100" }
`
/** Fast polls; the callback path is proven by a result poll too slow to finish any test. */
const tuning: CoreOptions['imagegen'] = {
  backend: { requestMs: 3000, pollMs: 40, resultPollMaxMs: 150, callbackPollMs: 120_000 },
  progressMs: 30,
  cancelGraceMs: 5000,
  wake: { timeoutMs: 3000, pollMs: 50 },
  callbackHost: hosts.callbacks
}
const params: JobParams = { prompt: 'a lighthouse at dusk', negativePrompt: 'blurry', width: 64, height: 64, steps: 5, cfg: 7, seed: null, model: null, workflow: null }

let worker: ImagegenWorker
let polled: ImagegenWorker
let a1111: A1111Emulator
let comfy: ComfyuiEmulator
const running: Running[] = []

/** A core over its own data dir, with every event kept. */
class Running extends EventLog {
  constructor(
    readonly core: Core,
    readonly dataDir: string
  ) {
    super(core)
  }

  jobEvents(jobId: number): ImageJob[] {
    return this.of('imagegen.job').filter((job) => job.id === jobId)
  }

  /** The job's event once it reaches `state`. */
  state(jobId: number, state: ImageJob['state'], ms?: number): Promise<ImageJob> {
    return this.until(() => this.jobEvents(jobId).find((job) => job.state === state), ms)
  }

  async call<N extends RequestName>(name: N, input: RequestInput<N>): Promise<RequestOutput<N>> {
    const reply = await this.core.dispatch(name, input)
    if (!reply.ok) throw new Error(`${name} failed: ${reply.error.message}`)
    return reply.value as RequestOutput<N>
  }

  async failure<N extends RequestName>(name: N, input: RequestInput<N>): Promise<string> {
    const reply = await this.core.dispatch(name, input)
    if (reply.ok) throw new Error(`${name} succeeded`)
    return reply.error.message
  }
}

async function start(options: Partial<CoreOptions> = {}, dataDir?: string): Promise<Running> {
  const dir = dataDir ?? (await mkdtemp(join(tmpdir(), 'homelab-imagegen-')))
  const inventoryPath = join(dir, 'inventory.yaml')
  await writeFile(inventoryPath, yaml)
  const core = await createCore({
    dataDir: dir,
    inventoryPath,
    examplesDir,
    version: '0.0.0-test',
    sshDir: join(dir, 'user-ssh'),
    env: {},
    health: { poll: false },
    imagegen: tuning,
    platform: { mode: 'headless', openExternal: async () => false },
    ...options
  })
  const started = new Running(core, dir)
  running.push(started)
  return started
}

beforeAll(async () => {
  const quiet = () => undefined
  worker = await startImagegenWorker({ host: hosts.worker, port: 7000, secondsPerStep: 0.02, log: quiet })
  polled = await startImagegenWorker({ host: hosts.polled, port: 7000, secondsPerStep: 0.02, log: quiet })
  a1111 = await startA1111Emulator({ host: hosts.a1111, port: 7860, secondsPerStep: 0.02, loadSeconds: 0.02 })
  comfy = await startComfyuiEmulator({ host: hosts.comfyui, port: 8188, secondsPerStep: 0.02, loadSeconds: 0.02 })
})

afterEach(async () => {
  for (const core of running.splice(0)) {
    core.core.close()
    await rm(core.dataDir, { recursive: true, force: true })
  }
  worker.jobFault = 'none'
  a1111.jobFault = 'none'
  comfy.jobFault = 'none'
})

afterAll(async () => {
  await Promise.all([worker?.close(), polled?.close(), a1111?.close(), comfy?.close()])
})

/** The gallery image of a done job, decoded. */
async function imageOf(core: Running, job: ImageJob) {
  expect(job.imageIds).toHaveLength(1)
  const [image] = await core.call('imagegen.gallery', { limit: 200 }).then((all) => all.filter((candidate) => candidate.jobId === job.id))
  const { dataUrl } = await core.call('imagegen.image', { imageId: image!.id })
  const png = readPng(Buffer.from(dataUrl.replace(/^data:image\/png;base64,/, ''), 'base64'))
  return { image: image!, png }
}

describe('each backend end to end', () => {
  it('runs a job on ComfyUI: progress and previews from /ws, the PNG from /view into the gallery', async () => {
    const core = await start()
    const [job] = await core.call('imagegen.submit', { workerId: 'gpu/comfy', params: { ...params, steps: 20, seed: 1234 }, count: 1 })
    expect(job).toMatchObject({ state: 'queued', seed: null, external: false })
    const done = await core.state(job!.id, 'done')
    const seen = core.jobEvents(job!.id)
    expect(seen.map((event) => event.state)).toContain('running')
    expect(seen.some((event) => event.progress !== null && event.progress.percent > 0 && event.progress.steps === 20)).toBe(true)
    expect(seen.some((event) => event.hasPreview)).toBe(true)
    const { image, png } = await imageOf(core, done)
    expect([png.width, png.height]).toEqual([64, 64])
    expect(image).toMatchObject({ workerId: 'gpu/comfy', workerName: 'GPU PC › ComfyUI', prompt: params.prompt, seed: 1234, model: 'sd_xl_base_1.0.safetensors', steps: 20 })
    expect(core.of('imagegen.image').map((event) => event.id)).toEqual([image.id])
    expect(await readdir(join(core.dataDir, 'images'))).toEqual([image.fileName])
  })

  it('runs a job on A1111 with the chosen checkpoint, following it by its task id', async () => {
    const core = await start()
    expect(await core.call('imagegen.models', { workerId: 'gpu/a1111' })).toEqual(['v1-5-pruned-emaonly', 'sd_xl_base_1.0', 'dreamshaper_8'])
    const [job] = await core.call('imagegen.submit', { workerId: 'gpu/a1111', params: { ...params, steps: 40, model: 'dreamshaper_8' }, count: 1 })
    const done = await core.state(job!.id, 'done')
    expect(done.seed).not.toBeNull()
    const seen = core.jobEvents(job!.id)
    expect(seen.some((event) => event.state === 'running' && (event.progress?.percent ?? 0) > 0)).toBe(true)
    const { image, png } = await imageOf(core, done)
    expect(png.text['parameters']).toContain(`Seed: ${done.seed}`)
    expect(image).toMatchObject({ seed: done.seed, model: 'dreamshaper_8', width: 64, height: 64 })
  })

  it('runs a job on the seed worker and takes its result by callback', async () => {
    const core = await start()
    const [job] = await core.call('imagegen.submit', { workerId: 'gpu/worker', params, count: 1 })
    const done = await core.state(job!.id, 'done')
    const { image, png } = await imageOf(core, done)
    expect([png.width, png.height]).toEqual([64, 64])
    // The seed and model come only in the callback's metadata.
    expect(image.model).toBe('stable-diffusion-v1-5')
    expect(await core.call('imagegen.models', { workerId: 'gpu/worker' })).toEqual(['stable-diffusion-v1-5'])
  })

  it('polls the seed worker for the result when the console takes no callbacks', async () => {
    const core = await start({ imagegen: { ...tuning, callbackHost: undefined } as CoreOptions['imagegen'] })
    const [job] = await core.call('imagegen.submit', { workerId: 'gpu/polled', params, count: 2 })
    const done = await core.state(job!.id, 'done')
    const { png, image } = await imageOf(core, done)
    expect(png.width).toBe(64)
    expect(image.model).toBeNull()
  })
})

describe('managing the queue', () => {
  it('drops a queued job and interrupts a running one on A1111', async () => {
    const core = await start()
    const jobs = await core.call('imagegen.submit', { workerId: 'gpu/a1111', params: { ...params, steps: 150 }, count: 3 })
    const [first, second, third] = jobs.map((job) => job.id) as [number, number, number]
    await core.until(() => core.jobEvents(first).find((job) => (job.progress?.percent ?? 0) > 0))
    expect((await core.call('imagegen.cancel', { jobId: third })).state).toBe('cancelled')
    await core.call('imagegen.cancel', { jobId: first })
    expect((await core.state(first, 'cancelled')).imageIds).toEqual([])
    // The next one is sent only once A1111 is free, and runs.
    await core.until(() => core.jobEvents(second).find((job) => (job.progress?.percent ?? 0) > 0))
    await core.call('imagegen.cancel', { jobId: second })
    await core.state(second, 'cancelled')
    expect(await core.call('imagegen.gallery', { limit: 10 })).toEqual([])
  })

  it('interrupts a job running on ComfyUI', async () => {
    const core = await start()
    const [job] = await core.call('imagegen.submit', { workerId: 'gpu/comfy', params: { ...params, steps: 150 }, count: 1 })
    await core.until(() => core.jobEvents(job!.id).find((event) => (event.progress?.percent ?? 0) > 0))
    await core.call('imagegen.cancel', { jobId: job!.id })
    expect((await core.state(job!.id, 'cancelled')).message).toBeNull()
    const history = (await (await fetch(`${comfy.url}/history`)).json()) as Record<string, { status: { messages: [string][] } }>
    const names = Object.values(history).flatMap((entry) => entry.status.messages.map(([name]) => name))
    expect(names).toContain('execution_interrupted')
  })

  it('says why a job failed: A1111, ComfyUI and the worker each in their words', async () => {
    const core = await start()
    a1111.jobFault = 'error'
    comfy.jobFault = 'error'
    worker.jobFault = 'error'
    const submitted = await Promise.all(
      ['gpu/a1111', 'gpu/comfy', 'gpu/worker'].map((workerId) => core.call('imagegen.submit', { workerId, params: { ...params, seed: 5 }, count: 1 }).then(([job]) => job!))
    )
    const failed = await Promise.all(submitted.map((job) => core.state(job.id, 'failed')))
    expect(failed[0]!.message).toMatch(/^A1111 at GPU PC › Forge .* failed \(HTTP 500\): OutOfMemoryError: CUDA out of memory/)
    expect(failed[1]!.message).toMatch(/^ComfyUI at GPU PC › ComfyUI .* failed: torch.OutOfMemoryError in node 3 \(KSampler\): Allocation on device/)
    expect(failed[2]!.message).toMatch(/^the image worker at GPU PC › Worker .*: CUDA out of memory/)
  })

  it('retries with the same settings, duplicates with a new seed, and reorders the queue', async () => {
    const core = await start()
    a1111.jobFault = 'error'
    const [broken] = await core.call('imagegen.submit', { workerId: 'gpu/a1111', params: { ...params, seed: 77 }, count: 1 })
    await core.state(broken!.id, 'failed')
    a1111.jobFault = 'none'
    const retried = await core.call('imagegen.retry', { jobId: broken!.id })
    expect(retried).toMatchObject({ state: 'queued', params: { seed: 77 } })
    expect((await core.state(retried.id, 'done')).seed).toBe(77)
    const copy = await core.call('imagegen.duplicate', { jobId: retried.id })
    expect(copy.params.seed).toBeNull()
    expect((await core.state(copy.id, 'done')).seed).not.toBe(77)
    expect(await core.failure('imagegen.retry', { jobId: copy.id })).toBe('only a failed or cancelled job can be retried; job ' + copy.id + ' is done')

    const [busy, a, b, c] = await core.call('imagegen.submit', { workerId: 'gpu/a1111', params: { ...params, steps: 150 }, count: 4 })
    const moved = await core.call('imagegen.move', { jobId: c!.id, beforeJobId: a!.id })
    expect(moved.filter((job) => job.state === 'queued').map((job) => job.id)).toEqual([c!.id, a!.id, b!.id])
    const last = await core.call('imagegen.move', { jobId: c!.id, beforeJobId: null })
    expect(last.filter((job) => job.state === 'queued').map((job) => job.id)).toEqual([a!.id, b!.id, c!.id])
    for (const job of [c, b, a, busy]) await core.call('imagegen.cancel', { jobId: job!.id })
    await core.state(busy!.id, 'cancelled')
  })

  it('lists the jobs other clients queued on ComfyUI as external', async () => {
    const core = await start()
    const theirs = comfy.queueFromOtherClient(othersWorkflow())
    const jobs = await core.call('imagegen.jobs', { workerId: 'gpu/comfy' })
    const external = jobs.find((job) => job.external)
    expect(external).toMatchObject({ workerId: 'gpu/comfy', params: { prompt: 'someone else', width: 64, height: 64, steps: 150, seed: 9 }, message: 'queued by another client' })
    expect(['running', 'queued']).toContain(external?.state)
    await fetch(`${comfy.url}/queue`, { method: 'POST', body: JSON.stringify({ delete: [theirs] }) })
    await fetch(`${comfy.url}/interrupt`, { method: 'POST', body: JSON.stringify({ prompt_id: theirs }) })
    await comfyIdle()
  })

  it('notes a job waiting behind another client’s prompt on ComfyUI, and drops the note once it runs', async () => {
    const core = await start()
    const theirs = comfy.queueFromOtherClient(othersWorkflow())
    const [job] = await core.call('imagegen.submit', { workerId: 'gpu/comfy', params: { ...params, steps: 20 }, count: 1 })
    await core.until(() => core.jobEvents(job!.id).find((event) => event.message === 'queued on ComfyUI (1 ahead)'))
    await fetch(`${comfy.url}/interrupt`, { method: 'POST', body: JSON.stringify({ prompt_id: theirs }) })
    const generating = await core.until(() => core.jobEvents(job!.id).find((event) => (event.progress?.step ?? 0) > 0))
    expect(generating.message).toBeNull()
    await core.state(job!.id, 'done')
  })
})

describe('a worker whose node sleeps', () => {
  it('wakes the node with the magic packet and waits for the worker before sending', async () => {
    const core = await start()
    const packets = createSocket('udp4')
    let woken: Promise<ImagegenWorker> | undefined
    const received = new Promise<Buffer>((resolve) => packets.once('message', resolve))
    await new Promise<void>((resolve) => packets.bind(9009, hosts.callbacks, resolve))
    try {
      void received.then(() => (woken = startImagegenWorker({ host: hosts.callbacks, port: 7100, secondsPerStep: 0.02, log: () => undefined })))
      expect((await core.call('imagegen.workers', {})).find((candidate) => candidate.id === 'sleeper/worker')?.wakeable).toBe(true)
      const [job] = await core.call('imagegen.submit', { workerId: 'sleeper/worker', params, count: 1 })
      expect((await received).equals(Buffer.concat([Buffer.alloc(6, 0xff), ...Array(16).fill(Buffer.from([0xd8, 0x3a, 0xdd, 0, 0, 1]))]))).toBe(true)
      expect(await core.until(() => core.jobEvents(job!.id).find((event) => event.state === 'queued' && event.message === 'waking Sleeper…'))).toBeTruthy()
      expect((await core.state(job!.id, 'done')).imageIds).toHaveLength(1)
    } finally {
      packets.close()
      await (await woken)?.close()
    }
  })

  it('fails the job, saying so, when the node does not wake in time', async () => {
    const core = await start()
    const [job] = await core.call('imagegen.submit', { workerId: 'sleeper/worker', params, count: 1 })
    expect((await core.state(job!.id, 'failed')).message).toMatch(/^Sleeper did not wake within 3 s: the image worker at Sleeper › worker .* cannot be reached: refused$/)
  })
})

describe('after a restart', () => {
  /** Stops a core as a crash would leave it, then writes jobs in the state given, with task ids of our choosing. */
  async function restartWith(rows: readonly { workerId: string; state: 'sending' | 'running'; taskId: string }[]): Promise<{ core: Running; ids: number[] }> {
    const before = await start()
    running.splice(running.indexOf(before), 1)
    before.core.close()
    const db = new Database(join(before.dataDir, 'console.sqlite'))
    const insert = db.prepare(`INSERT INTO image_jobs (worker_id, state, position, params, seed, task_id, created_at, started_at) VALUES (?, ?, 1, ?, 42, ?, 1, 1)`)
    const ids = rows.map((row) => Number(insert.run(row.workerId, row.state, JSON.stringify(params), row.taskId).lastInsertRowid))
    db.close()
    return { core: await start({}, before.dataDir), ids }
  }

  /** Polls the job list: the restarted core may end a job before a test could subscribe to its events. */
  async function ended(core: Running, jobId: number, state: ImageJob['state']): Promise<ImageJob> {
    for (let tries = 0; tries < 300; tries++) {
      const job = (await core.call('imagegen.jobs', {})).find((candidate) => candidate.id === jobId)
      if (job?.state === state) return job
      await new Promise((resolve) => setTimeout(resolve, 50))
    }
    throw new Error(`job ${jobId} never reached ${state}`)
  }

  it('sends again, once, a job the worker never got (stopped between "sending" and the request)', async () => {
    const tag = Date.now().toString(36)
    const { core, ids } = await restartWith([
      { workerId: 'gpu/comfy', state: 'sending', taskId: `never-sent-comfy-${tag}` },
      { workerId: 'gpu/a1111', state: 'sending', taskId: `never-sent-a1111-${tag}` },
      { workerId: 'gpu/polled', state: 'sending', taskId: `never-sent-worker-${tag}` }
    ])
    const done = await Promise.all(ids.map((id) => ended(core, id, 'done')))
    expect(done.map((job) => job.seed)).toEqual([42, 42, 42])
    expect(done.every((job) => job.imageIds.length === 1)).toBe(true)
    expect(Object.keys((await (await fetch(`${comfy.url}/history/never-sent-comfy-${tag}`)).json()) as object)).toEqual([`never-sent-comfy-${tag}`])
  })

  it('fails, saying why, a job the worker had acknowledged but no longer knows', async () => {
    const { core, ids } = await restartWith([
      { workerId: 'gpu/comfy', state: 'running', taskId: `forgotten-comfy-${Date.now()}` },
      { workerId: 'gpu/a1111', state: 'running', taskId: `forgotten-a1111-${Date.now()}` }
    ])
    const [comfyJob, a1111Job] = await Promise.all(ids.map((id) => ended(core, id, 'failed')))
    expect(comfyJob!.message).toMatch(/^ComfyUI at GPU PC › ComfyUI .* no longer knows this job/)
    expect(a1111Job!.message).toMatch(/^A1111 at GPU PC › Forge .* no longer knows this job/)
  })
})

/** Waits until ComfyUI runs nothing, so the next test starts on an empty queue. */
async function comfyIdle(): Promise<void> {
  for (let tries = 0; tries < 100; tries++) {
    const queue = (await (await fetch(`${comfy.url}/queue`)).json()) as { queue_running: unknown[]; queue_pending: unknown[] }
    if (queue.queue_running.length + queue.queue_pending.length === 0) return
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
  throw new Error('ComfyUI is still busy')
}

/** Another client's workflow: 300 steps, so it is still there when listed. */
function othersWorkflow() {
  return {
    '3': { class_type: 'KSampler', inputs: { seed: 9, steps: 300, cfg: 8, sampler_name: 'euler', scheduler: 'normal', denoise: 1, model: ['4', 0], positive: ['6', 0], negative: ['7', 0], latent_image: ['5', 0] } },
    '4': { class_type: 'CheckpointLoaderSimple', inputs: { ckpt_name: 'v1-5-pruned-emaonly.safetensors' } },
    '5': { class_type: 'EmptyLatentImage', inputs: { width: 64, height: 64, batch_size: 1 } },
    '6': { class_type: 'CLIPTextEncode', inputs: { text: 'someone else', clip: ['4', 1] } },
    '7': { class_type: 'CLIPTextEncode', inputs: { text: '', clip: ['4', 1] } },
    '8': { class_type: 'VAEDecode', inputs: { samples: ['3', 0], vae: ['4', 2] } },
    '9': { class_type: 'SaveImage', inputs: { filename_prefix: 'theirs', images: ['8', 0] } }
  }
}
