import { randomInt } from 'node:crypto'
import { picturePng, type PictureSize } from './imagegen-picture'
import { outOfMemoryMessage, pause, runSteps, type JobFault } from './imagegen-steps'
import { modelName, type A1111Models, type Latent, type SharedState, type TaskList } from './a1111-state'
import { pyFloat, pyJson, PyFloat } from './python-json'

/**
 * POST /sdapi/v1/txt2img as modules/api/api.py and modules/processing.py run it: behind the
 * global queue lock, n_iter batches of batch_size images, state.interrupted checked before
 * every step and, when set, the images decoded from what was denoised so far.
 */

/** The samplers of A1111 1.10; all_samplers_map knows them by these names only. */
const samplers = [
  'DPM++ 2M', 'DPM++ SDE', 'DPM++ 2M SDE', 'DPM++ 2M SDE Heun', 'DPM++ 2S a', 'DPM++ 3M SDE', 'Euler a', 'Euler', 'LMS', 'Heun',
  'DPM2', 'DPM2 a', 'DPM fast', 'DPM adaptive', 'Restart', 'DDIM', 'DDIM CFG++', 'PLMS', 'UniPC', 'LCM'
]

/** Schedulers by name, with the label infotexts use. */
const schedulers: Readonly<Record<string, string>> = {
  automatic: 'Automatic', uniform: 'Uniform', karras: 'Karras', exponential: 'Exponential', polyexponential: 'Polyexponential',
  sgm_uniform: 'SGM Uniform', kl_optimal: 'KL Optimal', align_your_steps: 'Align Your Steps', simple: 'Simple', normal: 'Normal',
  ddim: 'DDIM', beta: 'Beta'
}

export interface Txt2ImgContext {
  readonly state: SharedState
  readonly tasks: TaskList
  readonly models: A1111Models
  readonly secondsPerStep: number
  /** Seconds a checkpoint takes to load. */
  readonly loadSeconds: number
  readonly version: string
  readonly jobFault: JobFault
  readonly closing: AbortSignal
}

export type Txt2ImgOutcome =
  | { readonly kind: 'ok'; readonly body: Readonly<Record<string, unknown>> }
  /** An exception the API's middleware turns into its error JSON. */
  | { readonly kind: 'exception'; readonly name: string; readonly message: string }
  | { readonly kind: 'closed' }

/**
 * sd_samplers.get_sampler_and_scheduler: a scheduler label may end the sampler's name, and a
 * name A1111 does not know silently becomes its first sampler.
 */
export function resolveSampler(requested: string, scheduler: unknown): { sampler: string; schedule: string | null } {
  let name = requested
  let schedule = typeof scheduler === 'string' && scheduler !== '' ? (schedulers[scheduler.toLowerCase()] ?? schedulers['automatic'] ?? null) : null
  for (const label of Object.values(schedulers)) {
    if (name.endsWith(` ${label}`)) {
      name = name.slice(0, -label.length - 1)
      schedule = label
      break
    }
  }
  return { sampler: samplers.includes(name) ? name : (samplers[0] ?? name), schedule: schedule === 'Automatic' ? null : schedule }
}

/** Runs the job; the caller holds the queue lock. */
export async function runTxt2Img(context: Txt2ImgContext, request: Readonly<Record<string, unknown>>, taskId: string): Promise<Txt2ImgOutcome> {
  const { state, tasks, models } = context
  const { sampler, schedule } = resolveSampler(text(request['sampler_name']) || text(request['sampler_index']) || 'Euler', request['scheduler'])
  const steps = Math.max(1, whole(request['steps'], 50))
  const batchSize = Math.max(1, whole(request['batch_size'], 1))
  const iterations = Math.max(1, whole(request['n_iter'], 1))
  const width = whole(request['width'], 512)
  const height = whole(request['height'], 512)
  const size: PictureSize = { width: Math.max(8, Math.floor(width / 8) * 8), height: Math.max(8, Math.floor(height / 8) * 8) }
  const count = batchSize * iterations
  const prompt = text(request['prompt'])
  const negative = text(request['negative_prompt'])
  const seed = fixedSeed(request['seed'])
  const subseed = fixedSeed(request['subseed'])
  const seeds = Array.from({ length: count }, (_, index) => seed + index)
  const cfg = request['cfg_scale'] instanceof PyFloat ? request['cfg_scale'] : pyFloat(7)

  state.begin('scripts_txt2img')
  tasks.start(taskId)
  try {
    const original = models.loaded
    const override = models.find(text(asRecord(request['override_settings'])['sd_model_checkpoint']))
    if (override && override !== models.loaded) {
      if (!(await pause(context.loadSeconds, context.closing))) return { kind: 'closed' }
      models.markLoaded(override)
    }
    const checkpoint = models.loaded
    const infotext = (index: number): string => {
      const parameters: [string, unknown][] = [
        ['Steps', steps],
        ['Sampler', sampler],
        ['Schedule type', schedule],
        ['CFG scale', cfg],
        ['Seed', seeds[index]],
        ['Size', `${width}x${height}`],
        ['Model hash', models.shortHash(checkpoint)],
        ['Model', modelName(checkpoint)],
        ['Version', context.version]
      ]
      const line = parameters
        .filter(([, value]) => value !== null && value !== undefined)
        .map(([key, value]) => `${key}: ${quote(value instanceof PyFloat ? pyJson(value) : String(value))}`)
        .join(', ')
      return `${prompt}${negative ? `\nNegative prompt: ${negative}` : ''}\n${line}`.trim()
    }

    state.jobCount = iterations
    const images: Buffer[] = []
    let failed = false
    for (let batch = 0; batch < iterations && !state.interrupted; batch++) {
      if (iterations > 1) state.job = `Batch ${batch + 1} out of ${iterations}`
      state.samplingSteps = steps
      state.samplingStep = 0
      const first = batch * batchSize
      let latent: Latent = { spec: { prompt, seed: seeds[first] ?? seed }, size, progress: 0 }
      const outcome = await runSteps({
        steps,
        secondsPerStep: context.secondsPerStep,
        fault: context.jobFault,
        interrupted: () => state.interrupted,
        onStep: (step) => {
          // The sampler's callback stores step i (from 0) and its latent.
          state.samplingStep = step - 1
          latent = { ...latent, progress: step / steps }
          state.currentLatent = latent
        },
        closing: context.closing
      })
      if (outcome.kind === 'closed') return { kind: 'closed' }
      failed = outcome.kind === 'failed'
      if (failed) break
      const progress = outcome.kind === 'done' ? 1 : outcome.stepsDone / steps
      for (let index = first; index < first + batchSize; index++) {
        images.push(picturePng({ prompt, seed: seeds[index] ?? seed }, size, { progress, text: [['parameters', infotext(index)]] }))
      }
      state.nextjob()
    }
    // process_images puts the overridden settings back, model included, even after a failure.
    if (request['override_settings_restore_afterwards'] !== false && models.loaded !== original) {
      if (!(await pause(context.loadSeconds, context.closing))) return { kind: 'closed' }
      models.markLoaded(original)
    }
    // The exception skips finish_task: /internal/progress keeps calling the failed task active.
    if (failed) return { kind: 'exception', name: 'OutOfMemoryError', message: outOfMemoryMessage }
    tasks.finish(taskId)

    const info = {
      prompt,
      all_prompts: Array(count).fill(prompt),
      negative_prompt: negative,
      all_negative_prompts: Array(count).fill(negative),
      seed,
      all_seeds: seeds,
      subseed,
      all_subseeds: seeds.map((_, index) => subseed + index),
      subseed_strength: request['subseed_strength'] ?? 0,
      width,
      height,
      sampler_name: sampler,
      cfg_scale: cfg,
      steps,
      batch_size: batchSize,
      restore_faces: request['restore_faces'] ?? false,
      face_restoration_model: null,
      sd_model_name: modelName(checkpoint),
      sd_model_hash: models.shortHash(checkpoint),
      sd_vae_name: null,
      sd_vae_hash: null,
      seed_resize_from_w: request['seed_resize_from_w'] ?? -1,
      seed_resize_from_h: request['seed_resize_from_h'] ?? -1,
      denoising_strength: request['denoising_strength'] ?? null,
      extra_generation_params: schedule ? { 'Schedule type': schedule } : {},
      index_of_first_image: 0,
      infotexts: images.map((_, index) => infotext(index)),
      styles: request['styles'] ?? [],
      job_timestamp: state.jobTimestamp,
      clip_skip: 1,
      is_using_inpainting_conditioning: false,
      version: context.version
    }
    return {
      kind: 'ok',
      body: {
        images: request['send_images'] === false ? [] : images.map((image) => image.toString('base64')),
        parameters: request,
        info: pyJson(info)
      }
    }
  } finally {
    state.end()
  }
}

/** generation_parameters_copypaste.quote: a value with a comma, colon or newline goes in JSON quotes. */
function quote(value: string): string {
  return /[,:\n]/.test(value) ? pyJson(value, { ensureAscii: false }) : value
}

/** processing.get_fixed_seed: -1 (or nothing) draws one. */
function fixedSeed(value: unknown): number {
  const seed = typeof value === 'number' ? value : -1
  return seed === -1 ? randomInt(4294967294) : seed
}

function text(value: unknown): string {
  return typeof value === 'string' ? value : ''
}

function whole(value: unknown, fallback: number): number {
  return typeof value === 'number' ? value : fallback
}

function asRecord(value: unknown): Readonly<Record<string, unknown>> {
  return typeof value === 'object' && value !== null ? (value as Readonly<Record<string, unknown>>) : {}
}
