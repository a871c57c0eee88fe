import type { CustomWorkflow, JobParams } from '../../../../src-shared/imagegen'

export const sizePresets = [
  { id: '512x512', label: '512×512', width: 512, height: 512 },
  { id: '768x768', label: '768×768', width: 768, height: 768 },
  { id: '1024x1024', label: '1024×1024', width: 1024, height: 1024 },
  { id: '832x1216', label: '832×1216 (portrait)', width: 832, height: 1216 },
  { id: '1216x832', label: '1216×832 (landscape)', width: 1216, height: 832 }
] as const

export type SizeChoice = (typeof sizePresets)[number]['id'] | 'custom'

/** The submit form as typed: numbers are text until "Generate" checks them. */
export interface SubmitForm {
  readonly workerId: string | null
  readonly prompt: string
  readonly negativePrompt: string
  readonly size: SizeChoice
  /** Used when the size is custom. */
  readonly width: string
  readonly height: string
  readonly steps: string
  readonly cfg: string
  readonly seedMode: 'random' | 'fixed'
  readonly seed: string
  readonly count: string
  /** A checkpoint of the worker; null keeps the one loaded. */
  readonly model: string | null
}

export type FormField = 'workerId' | 'prompt' | 'negativePrompt' | 'width' | 'height' | 'steps' | 'cfg' | 'seed' | 'count'

export const defaultForm: SubmitForm = {
  workerId: null,
  prompt: '',
  negativePrompt: '',
  size: '512x512',
  width: '512',
  height: '512',
  steps: '20',
  cfg: '7',
  seedMode: 'random',
  seed: '',
  count: '1',
  model: null
}

export const limits = {
  dimension: { min: 64, max: 4096 },
  steps: { min: 1, max: 150 },
  cfg: { min: 1, max: 30 },
  seed: { min: 0, max: 4_294_967_295 },
  count: { min: 1, max: 16 },
  prompt: 10_000
} as const

export interface SubmitInput {
  readonly workerId: string
  readonly params: JobParams
  readonly count: number
}

export type ParsedForm =
  | { readonly ok: true; readonly input: SubmitInput }
  | { readonly ok: false; readonly problems: Readonly<Partial<Record<FormField, string>>> }

function wholeNumber(text: string, min: number, max: number): number | null {
  const trimmed = text.trim()
  if (!/^\d+$/.test(trimmed)) return null
  const value = Number(trimmed)
  return value >= min && value <= max ? value : null
}

function decimal(text: string, min: number, max: number): number | null {
  const trimmed = text.trim()
  if (trimmed === '') return null
  const value = Number(trimmed)
  return Number.isFinite(value) && value >= min && value <= max ? value : null
}

function dimension(text: string, label: string, problems: Partial<Record<FormField, string>>, field: 'width' | 'height'): number | null {
  const value = wholeNumber(text, limits.dimension.min, limits.dimension.max)
  if (value === null || value % 8 !== 0) {
    problems[field] = `${label}: a multiple of 8 from ${limits.dimension.min} to ${limits.dimension.max}`
    return null
  }
  return value
}

/** The width and height the form stands for: a preset's, or the custom fields as typed. */
export function sizeOf(form: SubmitForm): { readonly width: string; readonly height: string } {
  const preset = sizePresets.find((candidate) => candidate.id === form.size)
  return preset ? { width: String(preset.width), height: String(preset.height) } : { width: form.width, height: form.height }
}

/** The form as a submit request, or each field's problem in the user's words (the limits are the contract's). */
export function parseSubmitForm(form: SubmitForm, workflow: CustomWorkflow | null): ParsedForm {
  const problems: Partial<Record<FormField, string>> = {}
  if (form.workerId === null) problems.workerId = 'Choose a worker'
  const prompt = form.prompt.trim()
  if (prompt === '') problems.prompt = 'Describe the image to generate'
  else if (prompt.length > limits.prompt) problems.prompt = `The prompt has at most ${limits.prompt.toLocaleString('en-US')} characters`
  if (form.negativePrompt.length > limits.prompt) problems.negativePrompt = `The negative prompt has at most ${limits.prompt.toLocaleString('en-US')} characters`
  const size = sizeOf(form)
  const width = dimension(size.width, 'Width', problems, 'width')
  const height = dimension(size.height, 'Height', problems, 'height')
  const steps = wholeNumber(form.steps, limits.steps.min, limits.steps.max)
  if (steps === null) problems.steps = `Steps: a whole number from ${limits.steps.min} to ${limits.steps.max}`
  const cfg = decimal(form.cfg, limits.cfg.min, limits.cfg.max)
  if (cfg === null) problems.cfg = `CFG: a number from ${limits.cfg.min} to ${limits.cfg.max}`
  const seed = form.seedMode === 'random' ? null : wholeNumber(form.seed, limits.seed.min, limits.seed.max)
  if (form.seedMode === 'fixed' && seed === null) problems.seed = `Seed: a whole number from ${limits.seed.min} to ${limits.seed.max}`
  const count = wholeNumber(form.count, limits.count.min, limits.count.max)
  if (count === null) problems.count = `Batch count: from ${limits.count.min} to ${limits.count.max}`
  if (form.workerId === null || width === null || height === null || steps === null || cfg === null || count === null || Object.keys(problems).length > 0) {
    return { ok: false, problems }
  }
  return {
    ok: true,
    input: {
      workerId: form.workerId,
      count,
      params: { prompt, negativePrompt: form.negativePrompt, width, height, steps, cfg, seed, model: form.model, workflow }
    }
  }
}

/** The form that would make this image again: same words, size, steps, CFG, seed, model and worker. */
export function formOfImage(image: {
  readonly workerId: string
  readonly prompt: string
  readonly negativePrompt: string
  readonly width: number
  readonly height: number
  readonly steps: number
  readonly cfg: number
  readonly seed: number
  readonly model: string | null
}): SubmitForm {
  const preset = sizePresets.find((candidate) => candidate.width === image.width && candidate.height === image.height)
  return {
    workerId: image.workerId,
    prompt: image.prompt,
    negativePrompt: image.negativePrompt,
    size: preset?.id ?? 'custom',
    width: String(image.width),
    height: String(image.height),
    steps: String(image.steps),
    cfg: String(image.cfg),
    seedMode: 'fixed',
    seed: String(image.seed),
    count: '1',
    model: image.model
  }
}
