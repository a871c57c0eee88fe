import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { startA1111Emulator, type A1111Emulator } from '../../../lab/a1111'
import { defaultA1111Checkpoints } from '../../../lab/a1111-state'
import type { ImageJob, JobParams } from '../../../src-shared/imagegen'
import { examplesDir } from '../../testing/temp-core'
import { createCore, type Core } from '../create-core'

/**
 * The inventory is edited while a job runs on A1111, whose image goes only to the request that
 * asked for it: the request must not be cut, whatever the edit.
 */

const host = '127.0.1.126'
const params: JobParams = { prompt: 'a lighthouse at dusk', negativePrompt: '', width: 64, height: 64, steps: 150, cfg: 7, seed: null, model: null, workflow: null }
const inventoryOf = (nodeName: string, serviceName: string, url: string) => `name: Image lab
nodes:
  - id: gpu
    name: ${nodeName}
    host: ${host}
    services:
      - { id: forge, name: ${serviceName}, kind: imagegen, api: a1111, url: "${url}" }
`

let before: A1111Emulator
/** Has another checkpoint loaded: the model of an image says which A1111 made it. */
let after: A1111Emulator
const cleanups: (() => Promise<void>)[] = []

beforeAll(async () => {
  before = await startA1111Emulator({ host, port: 7860, secondsPerStep: 0.02, loadSeconds: 0.02 })
  after = await startA1111Emulator({ host, port: 7861, secondsPerStep: 0.02, loadSeconds: 0.02, checkpoints: [defaultA1111Checkpoints[2]!, defaultA1111Checkpoints[0]!] })
})

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
  before.jobFault = 'none'
})

afterAll(async () => {
  await Promise.all([before?.close(), after?.close()])
})

/** A headless core over the inventory given, with its job events kept. */
async function start(inventory: string) {
  const dataDir = await mkdtemp(join(tmpdir(), 'homelab-imagegen-inventory-'))
  const inventoryPath = join(dataDir, 'inventory.yaml')
  await writeFile(inventoryPath, inventory)
  const core: Core = await createCore({
    dataDir,
    inventoryPath,
    examplesDir,
    version: '0.0.0-test',
    sshDir: join(dataDir, 'user-ssh'),
    env: {},
    health: { poll: false },
    imagegen: { backend: { requestMs: 3000, pollMs: 40 }, progressMs: 30 },
    platform: { mode: 'headless', openExternal: async () => false }
  })
  cleanups.push(async () => {
    core.close()
    await rm(dataDir, { recursive: true, force: true })
  })
  const jobs: ImageJob[] = []
  core.events.subscribe((name, payload) => {
    if (name === 'imagegen.job') jobs.push(payload as ImageJob)
  })
  const call = async <T>(name: Parameters<Core['dispatch']>[0], input: unknown): Promise<T> => {
    const reply = await core.dispatch(name, input as never)
    if (!reply.ok) throw new Error(`${name} failed: ${reply.error.message}`)
    return reply.value as T
  }
  /** The first event of the job that `found` picks; an ended job that is not the one wanted fails at once. */
  const until = async (jobId: number, found: (job: ImageJob) => boolean): Promise<ImageJob> => {
    const deadline = Date.now() + 15_000
    for (;;) {
      const events = jobs.filter((job) => job.id === jobId)
      const match = events.find(found)
      if (match) return match
      const ended = events.find((job) => job.state === 'failed' || job.state === 'cancelled')
      if (ended) throw new Error(`job ${jobId} ended ${ended.state}: ${ended.message}`)
      if (Date.now() > deadline) throw new Error(`job ${jobId} never got there`)
      await new Promise((resolve) => setTimeout(resolve, 30))
    }
  }
  const edit = async (inventory: string) => {
    await writeFile(inventoryPath, inventory)
    await call('inventory.reload', {})
  }
  const modelOf = async (job: ImageJob) => {
    expect(job.imageIds).toHaveLength(1)
    const gallery = await call<{ id: number; jobId: number; model: string | null; workerName: string }[]>('imagegen.gallery', { limit: 10 })
    return gallery.find((image) => image.jobId === job.id)
  }
  const events = (jobId: number) => jobs.filter((job) => job.id === jobId)
  return { call, until, edit, modelOf, events }
}

const runningWithProgress = (job: ImageJob) => job.state === 'running' && (job.progress?.percent ?? 0) > 0

describe('an inventory edit while a job runs on A1111', () => {
  it('renaming the worker and its node keeps the request: the job ends done with its image, under the new name', async () => {
    const core = await start(inventoryOf('GPU PC', 'Forge', before.url))
    const [job] = await core.call<ImageJob[]>('imagegen.submit', { workerId: 'gpu/forge', params, count: 1 })
    await core.until(job!.id, runningWithProgress)
    await core.edit(inventoryOf('Big GPU PC', 'Forge 2', before.url))
    expect(await core.call('imagegen.workers', {})).toEqual([expect.objectContaining({ id: 'gpu/forge', name: 'Big GPU PC › Forge 2' })])
    const done = await core.until(job!.id, (event) => event.state === 'done')
    expect(await core.modelOf(done)).toMatchObject({ workerName: 'Big GPU PC › Forge 2', model: 'v1-5-pruned-emaonly' })
    before.jobFault = 'error'
    const [failing] = await core.call<ImageJob[]>('imagegen.submit', { workerId: 'gpu/forge', params, count: 1 })
    const failed = await core.until(failing!.id, (event) => event.state === 'failed')
    expect(failed.message).toMatch(/^A1111 at Big GPU PC › Forge 2 \(http:/)
  })

  it('a new URL lets the running job end on the old A1111, and sends the next queued job to the new one', async () => {
    const core = await start(inventoryOf('GPU PC', 'Forge', before.url))
    const [first, second] = await core.call<ImageJob[]>('imagegen.submit', { workerId: 'gpu/forge', params: { ...params, steps: 100 }, count: 2 })
    await core.until(first!.id, runningWithProgress)
    await core.edit(inventoryOf('GPU PC', 'Forge', after.url))
    const [firstDone, secondDone] = await Promise.all([core.until(first!.id, (event) => event.state === 'done'), core.until(second!.id, (event) => event.state === 'done')])
    expect((await core.modelOf(firstDone))?.model).toBe('v1-5-pruned-emaonly')
    expect((await core.modelOf(secondDone))?.model).toBe('dreamshaper_8')
  })

  it('a worker that leaves finishes its running job; the queued one waits in the store until the worker is back', async () => {
    const inventory = inventoryOf('GPU PC', 'Forge', before.url)
    const core = await start(inventory)
    const [first, second] = await core.call<ImageJob[]>('imagegen.submit', { workerId: 'gpu/forge', params: { ...params, steps: 100 }, count: 2 })
    await core.until(first!.id, runningWithProgress)
    await core.edit(`name: Image lab\nnodes:\n  - { id: gpu, name: GPU PC, host: ${host} }\n`)
    await core.until(first!.id, (event) => event.state === 'done')
    expect(core.events(second!.id).map((event) => event.state)).toEqual(['queued'])
    await core.edit(inventory)
    await core.until(second!.id, (event) => event.state === 'done')
  })
})
