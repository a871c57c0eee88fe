import type { CustomWorkflow, JobParams, WorkflowMapping } from '../../../src-shared/imagegen'
import { isRecord } from './backend-http'

/**
 * The API-format graph a job sends to ComfyUI: the built-in txt2img one (ComfyUI's default
 * workflow) with the form's fields filled in, or the user's own with the fields put where its
 * mapping says ("6.inputs.text").
 */

export type ApiGraph = Record<string, { class_type: string; inputs: Record<string, unknown> }>

export interface GraphValues {
  readonly params: JobParams
  readonly seed: number
  /** The checkpoint to load: the job's, else the worker's first. */
  readonly checkpoint: string
}

/** Where the console's images go in ComfyUI's output folder. */
export const outputPrefix = 'HomelabConsole/image'

export function builtinGraph({ params, seed, checkpoint }: GraphValues): ApiGraph {
  return {
    '3': {
      class_type: 'KSampler',
      inputs: {
        seed,
        steps: params.steps,
        cfg: params.cfg,
        sampler_name: 'euler',
        scheduler: 'normal',
        denoise: 1,
        model: ['4', 0],
        positive: ['6', 0],
        negative: ['7', 0],
        latent_image: ['5', 0]
      }
    },
    '4': { class_type: 'CheckpointLoaderSimple', inputs: { ckpt_name: checkpoint } },
    '5': { class_type: 'EmptyLatentImage', inputs: { width: params.width, height: params.height, batch_size: 1 } },
    '6': { class_type: 'CLIPTextEncode', inputs: { text: params.prompt, clip: ['4', 1] } },
    '7': { class_type: 'CLIPTextEncode', inputs: { text: params.negativePrompt, clip: ['4', 1] } },
    '8': { class_type: 'VAEDecode', inputs: { samples: ['3', 0], vae: ['4', 2] } },
    '9': { class_type: 'SaveImage', inputs: { filename_prefix: outputPrefix, images: ['8', 0] } }
  }
}

/** The user's workflow with the form's values at the mapped places; throws, in words, when the graph or a path is wrong. */
export function customGraph(workflow: CustomWorkflow, { params, seed, checkpoint }: GraphValues): ApiGraph {
  let graph: unknown
  try {
    graph = JSON.parse(workflow.graph)
  } catch {
    throw new Error(`the workflow "${workflow.name}" is not JSON`)
  }
  if (!isRecord(graph) || !Object.values(graph).every((node) => isRecord(node) && typeof node['class_type'] === 'string')) {
    throw new Error(`the workflow "${workflow.name}" is not in ComfyUI's API format (use "Save (API format)")`)
  }
  const values: Record<keyof WorkflowMapping, unknown> = {
    prompt: params.prompt,
    negativePrompt: params.negativePrompt,
    width: params.width,
    height: params.height,
    steps: params.steps,
    cfg: params.cfg,
    seed,
    checkpoint
  }
  for (const [field, path] of Object.entries(workflow.mapping) as [keyof WorkflowMapping, string | undefined][]) {
    if (path === undefined || path === '') continue
    setPath(graph, path, values[field], workflow.name)
  }
  return graph as ApiGraph
}

function setPath(graph: Record<string, unknown>, path: string, value: unknown, name: string): void {
  const parts = path.split('.')
  const last = parts.pop()
  let at: unknown = graph
  for (const [index, part] of parts.entries()) {
    // Only the graph's own keys: "__proto__.x" or "constructor.prototype.x" would otherwise reach every object of the core.
    at = isRecord(at) && Object.hasOwn(at, part) ? at[part] : undefined
    if (!isRecord(at)) throw new Error(`the workflow "${name}" has nothing at "${parts.slice(0, index + 1).join('.')}" (mapped as "${path}")`)
  }
  if (last === undefined || last === '' || !isRecord(at) || (!Object.hasOwn(at, last) && last in at)) throw new Error(`"${path}" is not a place in the workflow "${name}"`)
  at[last] = value
}

/** What a graph of another client shows of itself: its prompt, size, steps, cfg and seed where the usual nodes hold them. */
export function describeGraph(graph: unknown): { prompt: string; negativePrompt: string; width: number; height: number; steps: number; cfg: number; seed: number | null; model: string | null } {
  const nodes = isRecord(graph) ? Object.values(graph).filter(isRecord) : []
  const inputsOf = (type: string) => nodes.filter((node) => node['class_type'] === type).map((node) => (isRecord(node['inputs']) ? node['inputs'] : {}))
  const texts = inputsOf('CLIPTextEncode').map((inputs) => inputs['text']).filter((text): text is string => typeof text === 'string')
  const sampler = inputsOf('KSampler')[0] ?? {}
  const latent = inputsOf('EmptyLatentImage')[0] ?? {}
  const checkpoint = inputsOf('CheckpointLoaderSimple')[0]?.['ckpt_name']
  const whole = (value: unknown, fallback: number, min: number, max: number) => (typeof value === 'number' && Number.isFinite(value) ? Math.min(max, Math.max(min, Math.round(value))) : fallback)
  const dimension = (value: unknown) => Math.round(whole(value, 512, 64, 4096) / 8) * 8
  const seed = sampler['seed']
  return {
    prompt: texts[0]?.trim() ? texts[0].slice(0, 10_000) : '(a workflow without a text prompt)',
    negativePrompt: (texts[1] ?? '').slice(0, 10_000),
    width: dimension(latent['width']),
    height: dimension(latent['height']),
    steps: whole(sampler['steps'], 20, 1, 150),
    cfg: typeof sampler['cfg'] === 'number' ? Math.min(30, Math.max(1, sampler['cfg'])) : 7,
    seed: Number.isInteger(seed) && (seed as number) >= 0 && (seed as number) <= 4_294_967_295 ? (seed as number) : null,
    model: typeof checkpoint === 'string' ? checkpoint.slice(0, 300) : null
  }
}
