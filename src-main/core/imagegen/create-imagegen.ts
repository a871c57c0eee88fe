import { randomUUID } from 'node:crypto'
import { join } from 'node:path'
import type { ImageJob } from '../../../src-shared/imagegen'
import type { Inventory } from '../../../src-shared/inventory'
import type { EventHub } from '../events'
import type { Handlers } from '../rpc/dispatcher'
import type { StoreDatabase } from '../store/database'
import type { SettingsStore } from '../store/settings'
import { a1111Backend } from './a1111-backend'
import type { Backend, ExternalJob } from './backend'
import { defaultBackendTiming, type BackendTiming } from './backend-timing'
import { startCallbackListener, type WorkerCallbacks } from './callback-listener'
import { comfyuiBackend } from './comfyui-backend'
import { Gallery } from './gallery'
import { JobEvents } from './job-events'
import { JobStore, type JobRow } from './job-store'
import { defaultWakeTiming, type WakeTiming } from './wake'
import { workerBackend } from './worker-backend'
import { WorkerQueue } from './worker-queue'
import { describeWorker, inventoryWorkers, type InventoryWorker } from './workers'

/** What the core's options may set: timings (tests shorten them) and the callback listener. */
export interface ImagegenTuning {
  readonly backend?: Partial<BackendTiming>
  readonly wake?: Partial<WakeTiming>
  /** Least time between two progress events of one job (default 250 ms). */
  readonly progressMs?: number
  /** How long a stopped job may take to end on its worker (default 30 s). */
  readonly cancelGraceMs?: number
  /**
   * The address the console takes the seed worker's callbacks on, and announces to it in
   * callback_url; without it (the default) the console polls for results.
   */
  readonly callbackHost?: string
  readonly callbackPort?: number
}

export interface ImagegenOptions {
  readonly db: StoreDatabase
  readonly events: EventHub
  readonly settings: SettingsStore
  readonly dataDir: string
  readonly tuning?: ImagegenTuning
  /** The platform's file manager; false where there is none. */
  readonly showItemInFolder?: (path: string) => boolean
}

type ImagegenHandlerName = Extract<keyof Handlers, `imagegen.${string}`>

export interface ImagegenFeature {
  readonly handlers: Pick<Handlers, ImagegenHandlerName>
  apply(inventory: Inventory): void
  /** Stops following jobs (they keep their state for the next start); call before the database closes. */
  close(): Promise<void>
}

/** Finished jobs listed per worker beside the open ones. */
const finishedShown = 30
/** Ids of other clients' ComfyUI jobs, far above the console's own. */
const externalIdBase = 1_000_000_000_000
const clientIdKey = 'imagegen.comfyuiClientId'

/** Image generation: the workers of the inventory, one persistent queue each, and the gallery. */
export async function createImagegen(options: ImagegenOptions): Promise<ImagegenFeature> {
  const { db, events, tuning = {} } = options
  const timing: BackendTiming = { ...defaultBackendTiming, ...tuning.backend }
  const wakeTiming: WakeTiming = { ...defaultWakeTiming, ...tuning.wake }
  const store = new JobStore(db)
  const gallery = new Gallery(db, join(options.dataDir, 'images'))
  await gallery.removeUnfinishedWrites()
  const callbacks: WorkerCallbacks | undefined = tuning.callbackHost === undefined ? undefined : await startCallbackListener(tuning.callbackHost, tuning.callbackPort)
  const clientId = comfyuiClientId(options.settings)
  const workers = new Map<string, InventoryWorker>()
  const queues = new Map<string, WorkerQueue>()
  /** Queues of a worker whose API or URL changed, or that left, still following their running jobs. */
  const draining = new Set<WorkerQueue>()
  /** Per worker, the ids given to the other clients' prompts it lists now: a prompt gone from its queue is forgotten. */
  const externalIds = new Map<string, ReadonlyMap<string, number>>()
  let lastExternalId = externalIdBase
  const jobEvents = new JobEvents(
    (jobId) => describe(store.get(jobId)),
    (job) => events.emit('imagegen.job', job),
    tuning.progressMs ?? 250
  )

  function describe(row: JobRow | undefined): ImageJob | undefined {
    if (!row) return undefined
    const live = followerOf(row)?.liveJob(row.id)
    const open = row.state === 'sending' || row.state === 'running'
    return {
      id: row.id,
      workerId: row.workerId,
      state: row.state,
      position: row.position,
      params: row.params,
      seed: row.seed,
      progress: open ? (live?.progress ?? null) : null,
      hasPreview: open && (live?.preview ?? null) !== null,
      message: row.message,
      external: false,
      createdAt: row.createdAt,
      startedAt: row.startedAt,
      finishedAt: row.finishedAt,
      imageIds: row.state === 'done' ? gallery.idsOfJob(row.id) : []
    }
  }

  function backendFor(worker: InventoryWorker): Backend {
    // The inventory's current name while the API and URL stay: a queue that drains for an old URL keeps its own.
    const where = () => {
      const current = workers.get(worker.id)
      return describeWorker(current?.connection === worker.connection ? current : worker)
    }
    switch (worker.api) {
      case 'a1111':
        return a1111Backend({ url: worker.url, where, timing })
      case 'comfyui':
        return comfyuiBackend({ url: worker.url, where, timing, clientId })
      case 'worker':
        return workerBackend({ url: worker.url, where, timing, callbacks })
    }
  }

  function queueOf(workerId: string): WorkerQueue {
    const queue = queues.get(workerId)
    if (!queue) throw new Error(`there is no image worker "${workerId}" in the inventory`)
    return queue
  }

  /** The queue following the job: the worker's own, or one that drains. */
  function followerOf(row: JobRow): WorkerQueue | undefined {
    for (const queue of draining) if (queue.workerId === row.workerId && queue.liveJob(row.id)) return queue
    return queues.get(row.workerId)
  }

  function jobOf(jobId: number): JobRow {
    const job = store.get(jobId)
    if (!job) throw new Error(`there is no image job ${jobId}`)
    return job
  }

  function requeued(row: JobRow, params: JobRow['params']): ImageJob {
    const queue = queueOf(row.workerId)
    const [job] = store.insert(row.workerId, params, 1)
    jobEvents.changed(job!.id, true)
    queue.pump()
    return describe(store.get(job!.id))!
  }

  async function externalJobs(worker: InventoryWorker): Promise<ImageJob[]> {
    const backend = queues.get(worker.id)?.backend
    if (!backend?.external) return []
    const own = new Set(store.open(worker.id).map((job) => job.taskId))
    let found: ExternalJob[]
    try {
      found = await backend.external(own)
    } catch {
      // The worker being away already shows on its own jobs and in health; the list stays usable.
      return []
    }
    const known = externalIds.get(worker.id)
    const listed = new Map<string, number>()
    const jobs = found.map((job, index): ImageJob => {
      const id = known?.get(job.taskId) ?? ++lastExternalId
      listed.set(job.taskId, id)
      return { id, workerId: worker.id, state: job.state, position: index, params: job.params, seed: job.seed, progress: job.progress, hasPreview: false, message: 'queued by another client', external: true, createdAt: 0, startedAt: null, finishedAt: null, imageIds: [] }
    })
    externalIds.set(worker.id, listed)
    return jobs
  }

  const handlers: ImagegenFeature['handlers'] = {
    'imagegen.workers': () => [...workers.values()].map(({ id, nodeId, name, api, url, wakeable }) => ({ id, nodeId, name, api, url, wakeable })),
    'imagegen.models': async ({ workerId }) => {
      const models = await queueOf(workerId).backend.models()
      const last = models.length === 0 ? gallery.lastModel(workerId) : undefined
      return last === undefined ? models : [last]
    },
    'imagegen.jobs': async ({ workerId }) => {
      const chosen = [...workers.values()].filter((worker) => workerId === undefined || worker.id === workerId)
      const lists = await Promise.all(
        chosen.map(async (worker) => [
          ...store.open(worker.id).map((row) => describe(row)!),
          ...(await externalJobs(worker)),
          ...store.finished(worker.id, finishedShown).map((row) => describe(row)!)
        ])
      )
      return lists.flat()
    },
    'imagegen.submit': ({ workerId, params, count }) => {
      const queue = queueOf(workerId)
      const jobs = store.insert(workerId, params, count)
      for (const job of jobs) jobEvents.changed(job.id, true)
      queue.pump()
      return jobs.map((job) => describe(store.get(job.id))!)
    },
    'imagegen.cancel': async ({ jobId }) => {
      const job = jobOf(jobId)
      if (job.state === 'done' || job.state === 'failed' || job.state === 'cancelled') throw new Error(`job ${jobId} already ended (${job.state})`)
      await (followerOf(job) ?? queueOf(job.workerId)).cancel(job)
      return describe(store.get(jobId))!
    },
    'imagegen.retry': ({ jobId }) => {
      const job = jobOf(jobId)
      if (job.state !== 'failed' && job.state !== 'cancelled') throw new Error(`only a failed or cancelled job can be retried; job ${jobId} is ${job.state}`)
      return requeued(job, job.params)
    },
    'imagegen.duplicate': ({ jobId }) => {
      const job = jobOf(jobId)
      return requeued(job, { ...job.params, seed: null })
    },
    'imagegen.move': ({ jobId, beforeJobId }) => {
      const job = jobOf(jobId)
      store.move(jobId, beforeJobId)
      jobEvents.changed(jobId, true)
      return store.open(job.workerId).map((row) => describe(row)!)
    },
    'imagegen.preview': ({ jobId }) => {
      const job = jobOf(jobId)
      const preview = followerOf(job)?.liveJob(jobId)?.preview
      return { image: preview ? `data:${preview.mime};base64,${preview.bytes.toString('base64')}` : null }
    },
    'imagegen.gallery': (query) => gallery.query(query),
    'imagegen.image': async ({ imageId }) => ({ dataUrl: await gallery.dataUrl(imageId) }),
    'imagegen.deleteImage': async ({ imageId }) => {
      await gallery.delete(imageId)
      return {}
    },
    'imagegen.reveal': ({ imageId }) => {
      const path = gallery.path(gallery.found(imageId))
      return { shown: options.showItemInFolder ? options.showItemInFolder(path) : false }
    }
  }

  return {
    handlers,
    apply(inventory) {
      const next = new Map(inventoryWorkers(inventory).map((worker) => [worker.id, worker]))
      for (const [id, queue] of queues) {
        const worker = next.get(id)
        if (worker && worker.connection === workers.get(id)?.connection) {
          queue.update(worker)
          continue
        }
        queues.delete(id)
        draining.add(queue)
        void queue.drain().then(() => {
          queue.close()
          draining.delete(queue)
          // A job the old queue found its worker never got went back to the store's queue.
          queues.get(id)?.pump()
        })
      }
      workers.clear()
      for (const [id, worker] of next) {
        workers.set(id, worker)
        if (queues.has(id)) continue
        const queue = new WorkerQueue({
          worker,
          backend: backendFor(worker),
          store,
          gallery,
          transaction: (work) => db.transaction(work)(),
          changed: (jobId, urgent) => jobEvents.changed(jobId, urgent),
          imageAdded: (image) => events.emit('imagegen.image', image),
          wakeTiming,
          cancelGraceMs: tuning.cancelGraceMs ?? 30_000
        })
        queues.set(id, queue)
        queue.start((jobId) => [...draining].some((old) => old.workerId === id && old.liveJob(jobId) !== undefined))
      }
    },
    async close() {
      for (const queue of [...queues.values(), ...draining]) queue.close()
      queues.clear()
      draining.clear()
      jobEvents.close()
      await callbacks?.close()
    }
  }
}

/** ComfyUI reports a prompt's progress to the client id it was sent with: the same id on every start. */
function comfyuiClientId(settings: SettingsStore): string {
  const known = settings.get(clientIdKey)
  if (typeof known === 'string' && known !== '') return known
  const id = `homelab-console-${randomUUID()}`
  settings.set(clientIdKey, id)
  return id
}
