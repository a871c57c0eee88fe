import { randomBytes } from 'node:crypto'
import { mkdir, readdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { picturePng, renderBlocky, type PictureSpec } from './imagegen-picture'
import { pause, runSteps, type JobFault } from './imagegen-steps'
import { numberOf, PyException, type ApiPrompt } from './comfyui-validate'
import { encodePng } from './png'
import { pyJson, pyStr } from './python-json'

/**
 * What each known node does when it runs, in the emulator's terms: loaders take their load
 * time, KSampler steps with progress (and previews) through the ProgressBar hook, VAEDecode
 * turns the latent into pictures, SaveImage and PreviewImage write PNGs as ComfyUI names them.
 */

export type Value =
  | { readonly type: 'MODEL' | 'CLIP' | 'VAE'; readonly checkpoint: string }
  | { readonly type: 'CONDITIONING'; readonly text: string }
  | { readonly type: 'LATENT'; readonly width: number; readonly height: number; readonly batch: number; readonly denoised?: { readonly prompt: string; readonly seed: bigint; readonly progress: number } }
  | { readonly type: 'IMAGE'; readonly width: number; readonly height: number; readonly pictures: readonly { readonly spec: PictureSpec; readonly progress: number }[] }

export interface SavedImage {
  readonly filename: string
  readonly subfolder: string
  readonly type: 'output' | 'temp'
}

export interface NodeResult {
  readonly values: readonly Value[]
  readonly ui?: { readonly images: readonly SavedImage[] }
}

export interface RunContext {
  readonly promptId: string
  readonly nodeId: string
  readonly prompt: ApiPrompt
  readonly extraData: Readonly<Record<string, unknown>>
  readonly outputDir: string
  readonly tempDir: string
  readonly secondsPerStep: number
  readonly loadSeconds: number
  readonly jobFault: JobFault
  readonly closing: AbortSignal
  readonly interrupted: () => boolean
  /** The ProgressBar hook: a progress message, then the preview if there is one. */
  readonly progress: (value: number, max: number, preview: (() => Buffer) | undefined) => void
  readonly previews: boolean
}

/** comfy.model_management.InterruptProcessingException */
export class InterruptProcessing extends Error {}

/** The emulator closed mid-node. */
export class Closed extends Error {}

export const outOfMemory = new PyException(
  'torch.OutOfMemoryError',
  'Allocation on device \nThis error means you ran out of memory on your GPU.\n\nTIPS: If the workflow worked before you might have accidentally set the batch_size to a large number.'
)

/** latent_preview's previews are sent at most this size (--preview-size). */
const previewSize = 512

export async function runNode(classType: string, inputs: Readonly<Record<string, unknown>>, context: RunContext): Promise<NodeResult> {
  switch (classType) {
    case 'CheckpointLoaderSimple': {
      if (!(await pause(context.loadSeconds, context.closing))) throw new Closed()
      const checkpoint = pyStr(inputs['ckpt_name'])
      return { values: [{ type: 'MODEL', checkpoint }, { type: 'CLIP', checkpoint }, { type: 'VAE', checkpoint }] }
    }
    case 'CLIPTextEncode':
      return { values: [{ type: 'CONDITIONING', text: pyStr(inputs['text']) }] }
    case 'EmptyLatentImage':
      return { values: [{ type: 'LATENT', width: whole(inputs['width']), height: whole(inputs['height']), batch: whole(inputs['batch_size']) }] }
    case 'KSampler':
      return { values: [await sample(inputs, context)] }
    case 'VAEDecode': {
      const latent = asValue(inputs['samples'], 'LATENT')
      const { prompt = '', seed = 0n, progress = 0 } = latent.denoised ?? {}
      const pictures = Array.from({ length: latent.batch }, (_, index) => ({ spec: { prompt, seed: (seed + BigInt(index)).toString() }, progress }))
      return { values: [{ type: 'IMAGE', width: latent.width, height: latent.height, pictures }] }
    }
    case 'SaveImage':
      return { values: [], ui: { images: await save(asValue(inputs['images'], 'IMAGE'), pyStr(inputs['filename_prefix']), 'output', context) } }
    case 'PreviewImage':
      return { values: [], ui: { images: await save(asValue(inputs['images'], 'IMAGE'), `ComfyUI_temp_${randomLetters(5)}`, 'temp', context) } }
    default:
      throw new PyException('KeyError', `'${classType}'`)
  }
}

async function sample(inputs: Readonly<Record<string, unknown>>, context: RunContext): Promise<Value> {
  const latent = asValue(inputs['latent_image'], 'LATENT')
  const positive = asValue(inputs['positive'], 'CONDITIONING')
  const steps = whole(inputs['steps'])
  const seed = BigInt(Math.trunc(numberOf(inputs['seed']) ?? 0))
  const spec: PictureSpec = { prompt: positive.text, seed: seed.toString() }
  // Latent2RGB decodes at latent size (1/8), then the preview is scaled to fit previewSize.
  const small = { width: Math.max(1, Math.round(latent.width / 8)), height: Math.max(1, Math.round(latent.height / 8)) }
  const scale = previewSize / Math.max(latent.width, latent.height)
  const preview = { width: Math.max(1, Math.round(latent.width * scale)), height: Math.max(1, Math.round(latent.height * scale)) }
  const previewAt = (step: number) => encodePng(renderBlocky(spec, small, preview, step / steps), { level: 1 })
  const outcome = await runSteps({
    steps,
    secondsPerStep: context.secondsPerStep,
    fault: context.jobFault,
    interrupted: context.interrupted,
    onStep: (step) => context.progress(step, steps, context.previews ? () => previewAt(step) : undefined),
    closing: context.closing
  })
  switch (outcome.kind) {
    case 'closed':
      throw new Closed()
    case 'interrupted':
      throw new InterruptProcessing()
    case 'failed':
      throw outOfMemory
    case 'done':
      return { ...latent, denoised: { prompt: positive.text, seed, progress: 1 } }
  }
}

/** SaveImage.save_images: <prefix>_<counter:05>_.png, the counter after the highest one there. */
async function save(image: Extract<Value, { type: 'IMAGE' }>, prefix: string, type: SavedImage['type'], context: RunContext): Promise<SavedImage[]> {
  const slash = prefix.lastIndexOf('/')
  const subfolder = slash >= 0 ? prefix.slice(0, slash) : ''
  const name = prefix.slice(slash + 1)
  if (subfolder.split('/').includes('..')) throw new PyException('Exception', 'Saving image outside the output folder is not allowed.')
  const folder = join(type === 'output' ? context.outputDir : context.tempDir, subfolder)
  await mkdir(folder, { recursive: true })
  const pattern = new RegExp(`^${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}_(\\d{5})_\\.png$`)
  const existing = (await readdir(folder).catch(() => [])).map((file) => Number(pattern.exec(file)?.[1] ?? 0))
  let counter = Math.max(0, ...existing) + 1
  const text: (readonly [string, string])[] = [['prompt', pyJson(context.prompt)]]
  const extra = context.extraData['extra_pnginfo']
  if (typeof extra === 'object' && extra !== null) for (const [key, value] of Object.entries(extra)) text.push([key, pyJson(value)])
  const saved: SavedImage[] = []
  for (const picture of image.pictures) {
    const filename = `${name}_${String(counter++).padStart(5, '0')}_.png`
    const png = picturePng(picture.spec, { width: image.width, height: image.height }, { progress: picture.progress, text, level: type === 'output' ? 4 : 1 })
    await writeFile(join(folder, filename), png)
    saved.push({ filename, subfolder, type })
  }
  return saved
}

function asValue<T extends Value['type']>(value: unknown, type: T): Extract<Value, { type: T }> {
  if (typeof value === 'object' && value !== null && (value as { type?: unknown }).type === type) return value as Extract<Value, { type: T }>
  throw new PyException('TypeError', `expected ${type}`)
}

function whole(value: unknown): number {
  return Math.trunc(numberOf(value) ?? 0)
}

function randomLetters(count: number): string {
  return [...randomBytes(count)].map((byte) => String.fromCharCode(97 + (byte % 26))).join('')
}
