import { z } from 'zod'

/**
 * Image generation as the renderer sees it: the workers of the inventory (the seed's worker API,
 * AUTOMATIC1111/Forge, ComfyUI), one persistent queue per worker, and the gallery of results.
 * Every call to a worker is made by the core.
 */

/** "gaming-pc/imagegen": the node and its `kind: imagegen` service. */
export const WorkerId = z.string().regex(/^[a-z0-9][a-z0-9-]*\/[a-z0-9][a-z0-9-]*$/)
export type WorkerId = z.infer<typeof WorkerId>

export const WorkerApi = z.enum(['worker', 'a1111', 'comfyui'])
export type WorkerApi = z.infer<typeof WorkerApi>

export const ImageWorker = z.object({
  id: WorkerId,
  nodeId: z.string(),
  /** "Gaming PC › Stable Diffusion". */
  name: z.string(),
  api: WorkerApi,
  url: z.string(),
  /** The node has `wol`: a job for it wakes it and waits for the worker to answer. */
  wakeable: z.boolean()
})
export type ImageWorker = z.infer<typeof ImageWorker>

/** A ComfyUI workflow in API format and where the form's fields go in it ("6.inputs.text"). */
export const WorkflowMapping = z.strictObject({
  prompt: z.string().max(200),
  negativePrompt: z.string().max(200).optional(),
  width: z.string().max(200).optional(),
  height: z.string().max(200).optional(),
  steps: z.string().max(200).optional(),
  cfg: z.string().max(200).optional(),
  seed: z.string().max(200).optional(),
  checkpoint: z.string().max(200).optional()
})
export type WorkflowMapping = z.infer<typeof WorkflowMapping>

export const CustomWorkflow = z.strictObject({
  name: z.string().trim().min(1).max(100),
  /** The workflow as ComfyUI's "Save (API format)" writes it. */
  graph: z.string().min(2).max(1_000_000),
  mapping: WorkflowMapping
})
export type CustomWorkflow = z.infer<typeof CustomWorkflow>

const Dimension = z
  .number()
  .int()
  .min(64)
  .max(4096)
  .refine((value) => value % 8 === 0, 'a multiple of 8')

export const JobParams = z.strictObject({
  prompt: z.string().trim().min(1).max(10_000),
  negativePrompt: z.string().max(10_000),
  width: Dimension,
  height: Dimension,
  steps: z.number().int().min(1).max(150),
  cfg: z.number().min(1).max(30),
  /** A fixed seed; null draws one when the job is sent, and the job keeps it. */
  seed: z.number().int().min(0).max(4_294_967_295).nullable(),
  /** A checkpoint of the worker; null keeps the one loaded. */
  model: z.string().max(300).nullable(),
  /** ComfyUI only: a workflow of the user's instead of the built-in txt2img one. */
  workflow: CustomWorkflow.nullable()
})
export type JobParams = z.infer<typeof JobParams>

export const JobState = z.enum(['queued', 'sending', 'running', 'done', 'failed', 'cancelled'])
export type JobState = z.infer<typeof JobState>

export const JobProgress = z.object({
  /** 0–100. */
  percent: z.number(),
  step: z.number().int().nullable(),
  steps: z.number().int().nullable(),
  etaSeconds: z.number().nullable()
})
export type JobProgress = z.infer<typeof JobProgress>

export const ImageJob = z.object({
  id: z.number().int().positive(),
  workerId: WorkerId,
  state: JobState,
  /** Order among the worker's queued jobs (lower first). */
  position: z.number(),
  params: JobParams,
  /** The seed it ran with, once drawn. */
  seed: z.number().int().nullable(),
  progress: JobProgress.nullable(),
  /** A live preview can be fetched with `imagegen.preview`. */
  hasPreview: z.boolean(),
  /** Why it failed, in words; or why it waits ("waking Gaming PC…"). */
  message: z.string().nullable(),
  /** Queued on the worker by another client (ComfyUI): shown, not managed. */
  external: z.boolean(),
  createdAt: z.number(),
  startedAt: z.number().nullable(),
  finishedAt: z.number().nullable(),
  imageIds: z.array(z.number().int())
})
export type ImageJob = z.infer<typeof ImageJob>

export const GalleryImage = z.object({
  id: z.number().int().positive(),
  jobId: z.number().int().positive(),
  workerId: z.string(),
  workerName: z.string(),
  prompt: z.string(),
  negativePrompt: z.string(),
  width: z.number().int(),
  height: z.number().int(),
  steps: z.number().int(),
  cfg: z.number(),
  seed: z.number().int(),
  model: z.string().nullable(),
  durationMs: z.number().nullable(),
  createdAt: z.number(),
  /** File name in the data dir's images folder. */
  fileName: z.string()
})
export type GalleryImage = z.infer<typeof GalleryImage>

export const JobRef = z.strictObject({ jobId: z.number().int().positive() })
export const ImageRef = z.strictObject({ imageId: z.number().int().positive() })

export const GalleryQuery = z.strictObject({
  /** Words of the prompt. */
  text: z.string().max(200).optional(),
  workerId: WorkerId.optional(),
  model: z.string().max(300).optional(),
  /** Images older than this id, for the next page. */
  before: z.number().int().positive().optional(),
  limit: z.number().int().min(1).max(200)
})
export type GalleryQuery = z.infer<typeof GalleryQuery>
