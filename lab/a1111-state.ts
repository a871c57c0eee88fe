import { pyFloat, type PyFloat } from './python-json'
import { renderPicture, type PictureSize, type PictureSpec } from './imagegen-picture'
import { encodePng } from './png'

/**
 * What AUTOMATIC1111 keeps between requests: its checkpoints (which it hashes only when it first
 * loads them), modules/shared_state.py's State that /sdapi/v1/progress reports, and
 * modules/progress.py's task lists behind /internal/progress.
 */

export interface A1111Checkpoint {
  /** As in models/Stable-diffusion, e.g. "v1-5-pruned-emaonly.safetensors". */
  readonly filename: string
  readonly sha256: string
}

/** Real checkpoints and their real hashes. */
export const defaultA1111Checkpoints: readonly A1111Checkpoint[] = [
  { filename: 'v1-5-pruned-emaonly.safetensors', sha256: '6ce0161689b3853acaa03779ec93eafe75a02f4ced659bee03f50797806fa2fa' },
  { filename: 'sd_xl_base_1.0.safetensors', sha256: '31e35c80fc4829d14f90153f4c74cd59c90b779f6afe05a74cd6120b893f7e5b' },
  { filename: 'dreamshaper_8.safetensors', sha256: '879db523c30d3b9017143d56705015e15a2cb5628762c11d086fed9538abd7fd' }
]

const modelsFolder = 'C:\\stable-diffusion-webui\\models\\Stable-diffusion'

export class A1111Models {
  /** Hashes are computed on first load; until then sd-models shows null and a title without one. */
  private readonly hashed = new Set<string>()
  loaded: A1111Checkpoint

  constructor(readonly checkpoints: readonly A1111Checkpoint[]) {
    const first = checkpoints[0]
    if (!first) throw new Error('the A1111 emulator needs at least one checkpoint')
    this.loaded = first
    this.markLoaded(first)
  }

  markLoaded(checkpoint: A1111Checkpoint): void {
    this.loaded = checkpoint
    this.hashed.add(checkpoint.filename)
  }

  shortHash(checkpoint: A1111Checkpoint): string | null {
    return this.hashed.has(checkpoint.filename) ? checkpoint.sha256.slice(0, 10) : null
  }

  title(checkpoint: A1111Checkpoint): string {
    const hash = this.shortHash(checkpoint)
    return hash ? `${checkpoint.filename} [${hash}]` : checkpoint.filename
  }

  /** sd_models.checkpoint_aliases: file name, model name and title; hashes once known. */
  find(alias: string): A1111Checkpoint | undefined {
    return this.checkpoints.find((checkpoint) => {
      const hash = this.shortHash(checkpoint)
      const aliases = [checkpoint.filename, modelName(checkpoint), this.title(checkpoint), ...(hash ? [hash, checkpoint.sha256] : [])]
      return aliases.includes(alias)
    })
  }

  /** GET /sdapi/v1/sd-models */
  list(): Record<string, unknown>[] {
    return this.checkpoints.map((checkpoint) => ({
      title: this.title(checkpoint),
      model_name: modelName(checkpoint),
      hash: this.shortHash(checkpoint),
      sha256: this.hashed.has(checkpoint.filename) ? checkpoint.sha256 : null,
      filename: `${modelsFolder}\\${checkpoint.filename}`,
      config: null
    }))
  }
}

export function modelName(checkpoint: A1111Checkpoint): string {
  return checkpoint.filename.replace(/\.(safetensors|ckpt)$/, '')
}

/** The latent being denoised, from which live previews are decoded. */
export interface Latent {
  readonly spec: PictureSpec
  readonly size: PictureSize
  readonly progress: number
}

/** modules/shared_state.py's State, field for field. */
export class SharedState {
  skipped = false
  interrupted = false
  stoppingGeneration = false
  job = ''
  jobNo = 0
  jobCount = 0
  jobTimestamp = '0'
  samplingStep = 0
  samplingSteps = 0
  currentLatent: Latent | undefined
  currentImage: Buffer | undefined
  currentImageSamplingStep = 0
  idLivePreview = 0
  textinfo: string | null = null
  timeStart = 0

  begin(job: string): void {
    this.samplingStep = 0
    this.timeStart = Date.now()
    this.jobCount = -1
    this.jobNo = 0
    this.jobTimestamp = timestamp(new Date())
    this.currentLatent = undefined
    this.currentImage = undefined
    this.currentImageSamplingStep = 0
    this.idLivePreview = 0
    this.skipped = false
    this.interrupted = false
    this.stoppingGeneration = false
    this.textinfo = null
    this.job = job
  }

  end(): void {
    this.job = ''
    this.jobCount = 0
  }

  nextjob(): void {
    this.jobNo += 1
    this.samplingStep = 0
    this.currentImageSamplingStep = 0
  }

  dict(): Record<string, unknown> {
    return {
      skipped: this.skipped,
      interrupted: this.interrupted,
      stopping_generation: this.stoppingGeneration,
      job: this.job,
      job_count: this.jobCount,
      job_timestamp: this.jobTimestamp,
      job_no: this.jobNo,
      sampling_step: this.samplingStep,
      sampling_steps: this.samplingSteps
    }
  }

  /** Decodes a fresh preview once `everySteps` steps passed since the last, as /progress asks. */
  setCurrentImage(everySteps: number, enabled: boolean): void {
    if (!enabled || everySteps === -1 || this.samplingStep - this.currentImageSamplingStep < everySteps || !this.currentLatent) return
    const { spec, size, progress } = this.currentLatent
    // "Approx NN" previews come out at a quarter of the image's size.
    const previewSize = { width: Math.max(8, Math.round(size.width / 4)), height: Math.max(8, Math.round(size.height / 4)) }
    this.currentImage = encodePng(renderPicture(spec, previewSize, progress))
    this.currentImageSamplingStep = this.samplingStep
    this.idLivePreview += 1
  }
}

/** The progress and ETA /sdapi/v1/progress computes, 0.01 ahead so it never divides by zero. */
export function apiProgress(state: SharedState, now: number): { progress: PyFloat; eta: PyFloat } {
  if (state.jobCount === 0) return { progress: pyFloat(0), eta: pyFloat(0) }
  let progress = 0.01
  if (state.jobCount > 0) progress += state.jobNo / state.jobCount
  if (state.samplingSteps > 0) progress += ((1 / state.jobCount) * state.samplingStep) / state.samplingSteps
  const elapsed = (now - state.timeStart) / 1000
  return { progress: pyFloat(Math.min(progress, 1)), eta: pyFloat(elapsed / progress - elapsed) }
}

/** The same figures as /internal/progress computes them: from 0, and no ETA before any progress. */
export function internalProgress(state: SharedState, now: number): { progress: PyFloat; eta: PyFloat | null } {
  let progress = 0
  if (state.jobCount > 0) progress += state.jobNo / state.jobCount
  if (state.samplingSteps > 0 && state.jobCount > 0) progress += ((1 / state.jobCount) * state.samplingStep) / state.samplingSteps
  progress = Math.min(progress, 1)
  const elapsed = (now - state.timeStart) / 1000
  return { progress: pyFloat(progress), eta: progress > 0 ? pyFloat(elapsed / progress - elapsed) : null }
}

/** modules/progress.py: tasks waiting for the lock, the one holding it, the last 16 finished. */
export class TaskList {
  readonly pending = new Map<string, number>()
  current: string | null = null
  readonly finished: string[] = []

  add(taskId: string): void {
    this.pending.set(taskId, Date.now())
  }

  start(taskId: string): void {
    this.current = taskId
    this.pending.delete(taskId)
  }

  finish(taskId: string): void {
    if (this.current === taskId) this.current = null
    this.finished.push(taskId)
    if (this.finished.length > 16) this.finished.shift()
  }
}

/** datetime.now().strftime("%Y%m%d%H%M%S") */
function timestamp(date: Date): string {
  const two = (value: number) => String(value).padStart(2, '0')
  return `${date.getFullYear()}${two(date.getMonth() + 1)}${two(date.getDate())}${two(date.getHours())}${two(date.getMinutes())}${two(date.getSeconds())}`
}
