import { GenerationOptions } from '../../../../src-shared/ollama'

/** The options panel as typed: text fields, where empty means "the model's default". */
export interface OptionsForm {
  readonly temperature: string
  readonly top_p: string
  readonly top_k: string
  readonly num_ctx: string
  readonly seed: string
  readonly num_predict: string
  /** One stop sequence per line. */
  readonly stop: string
  readonly json: boolean
}

export type NumberOption = 'temperature' | 'top_p' | 'top_k' | 'num_ctx' | 'seed' | 'num_predict'

export const emptyOptionsForm: OptionsForm = { temperature: '', top_p: '', top_k: '', num_ctx: '', seed: '', num_predict: '', stop: '', json: false }

interface NumberField {
  readonly key: NumberOption
  readonly label: string
  readonly min: number
  readonly max: number
  readonly integer: boolean
}

/** A field's limits, read from the contract (GenerationOptions), so the form never lets through what the core refuses. */
function field(key: NumberOption, label: string): NumberField {
  const schema = GenerationOptions.shape[key].unwrap()
  return { key, label, min: schema.minValue ?? -Number.MAX_VALUE, max: schema.maxValue ?? Number.MAX_VALUE, integer: schema.isInt }
}

export const numberFields: readonly NumberField[] = [
  field('temperature', 'Temperature'),
  field('top_p', 'Top P'),
  field('top_k', 'Top K'),
  field('num_ctx', 'Context window (num_ctx)'),
  field('seed', 'Seed'),
  field('num_predict', 'Max tokens (num_predict)')
]

const maxStops = 8
const maxStopLength = 200

export interface ParsedOptions {
  readonly options: GenerationOptions
  /** By field; empty when every field is valid. */
  readonly problems: Readonly<Partial<Record<NumberOption | 'stop', string>>>
}

/** The form as Ollama options: empty fields are left out, a bad value is named in the user's words. */
export function parseOptionsForm(form: OptionsForm): ParsedOptions {
  const options: GenerationOptions = {}
  const problems: Partial<Record<NumberOption | 'stop', string>> = {}
  for (const field of numberFields) {
    const text = form[field.key].trim()
    if (text === '') continue
    const value = Number(text)
    const kind = field.integer ? 'a whole number' : 'a number'
    if (!Number.isFinite(value) || (field.integer && !Number.isInteger(value)) || value < field.min || value > field.max) {
      problems[field.key] = `${field.label}: ${kind} from ${field.min} to ${field.max}`
      continue
    }
    options[field.key] = value
  }
  const stops = form.stop.split('\n').filter((line) => line !== '')
  if (stops.length > maxStops) problems.stop = `At most ${maxStops} stop sequences`
  else if (stops.some((stop) => stop.length > maxStopLength)) problems.stop = `A stop sequence has at most ${maxStopLength} characters`
  else if (stops.length > 0) options.stop = stops
  if (form.json) options.json = true
  return { options, problems }
}

export function optionsToForm(options: GenerationOptions): OptionsForm {
  const text = (value: number | undefined) => (value === undefined ? '' : String(value))
  return {
    temperature: text(options.temperature),
    top_p: text(options.top_p),
    top_k: text(options.top_k),
    num_ctx: text(options.num_ctx),
    seed: text(options.seed),
    num_predict: text(options.num_predict),
    stop: (options.stop ?? []).join('\n'),
    json: options.json === true
  }
}

/** "2 options set" for the closed panel's button. */
export function countSetOptions(options: GenerationOptions): number {
  return Object.values(options).filter((value) => value !== undefined && value !== false).length
}
