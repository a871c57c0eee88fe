import { pyFloat } from './python-json'

/**
 * How AUTOMATIC1111's API (FastAPI 0.94 on pydantic 1) reads a request body: the JSON as
 * FastAPI decodes it, every field of StableDiffusionTxt2ImgProcessingAPI Optional and coerced
 * as pydantic 1 coerces ("20" is 20, 7 is 7.0, 7.9 is 7 for an int), and the 422 it answers
 * when that fails, in FastAPI's words.
 */

/** One entry of FastAPI's 422 `detail`. */
export interface ValidationError {
  readonly loc: readonly (string | number)[]
  readonly msg: string
  readonly type: string
  readonly ctx?: Readonly<Record<string, unknown>>
}

export type Checked<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly detail: readonly ValidationError[] }

type FieldKind = 'str' | 'int' | 'float' | 'bool' | 'dict' | 'list' | 'str-list'

type ModelFields = readonly (readonly [name: string, kind: FieldKind, fallback: unknown])[]

/**
 * The fields of the txt2img model in the order pydantic lists them (the processing class's
 * __init__ parameters, then the API's own), with their defaults. The response's `parameters`
 * echoes all of them.
 */
const txt2imgFields: ModelFields = [
  ['prompt', 'str', ''],
  ['negative_prompt', 'str', ''],
  ['styles', 'str-list', null],
  ['seed', 'int', -1],
  ['subseed', 'int', -1],
  ['subseed_strength', 'float', 0],
  ['seed_resize_from_h', 'int', -1],
  ['seed_resize_from_w', 'int', -1],
  ['sampler_name', 'str', null],
  ['scheduler', 'str', null],
  ['batch_size', 'int', 1],
  ['n_iter', 'int', 1],
  ['steps', 'int', 50],
  ['cfg_scale', 'float', pyFloat(7)],
  ['width', 'int', 512],
  ['height', 'int', 512],
  ['restore_faces', 'bool', null],
  ['tiling', 'bool', null],
  ['do_not_save_samples', 'bool', false],
  ['do_not_save_grid', 'bool', false],
  ['eta', 'float', null],
  ['denoising_strength', 'float', pyFloat(0.75)],
  ['s_min_uncond', 'float', null],
  ['s_churn', 'float', null],
  ['s_tmax', 'float', null],
  ['s_tmin', 'float', null],
  ['s_noise', 'float', null],
  ['override_settings', 'dict', null],
  ['override_settings_restore_afterwards', 'bool', true],
  ['refiner_checkpoint', 'str', null],
  ['refiner_switch_at', 'float', null],
  ['disable_extra_networks', 'bool', false],
  ['firstpass_image', 'str', null],
  ['comments', 'dict', null],
  ['enable_hr', 'bool', false],
  ['firstphase_width', 'int', 0],
  ['firstphase_height', 'int', 0],
  ['hr_scale', 'float', pyFloat(2)],
  ['hr_upscaler', 'str', null],
  ['hr_second_pass_steps', 'int', 0],
  ['hr_resize_x', 'int', 0],
  ['hr_resize_y', 'int', 0],
  ['hr_checkpoint_name', 'str', null],
  ['hr_sampler_name', 'str', null],
  ['hr_scheduler', 'str', null],
  ['hr_prompt', 'str', ''],
  ['hr_negative_prompt', 'str', ''],
  ['sampler_index', 'str', 'Euler'],
  ['script_name', 'str', null],
  ['script_args', 'list', []],
  ['send_images', 'bool', true],
  ['save_images', 'bool', false],
  ['alwayson_scripts', 'dict', {}],
  ['force_task_id', 'str', null],
  ['infotext', 'str', null]
]

/** modules/progress.py's ProgressRequest, the body of POST /internal/progress. */
const internalProgressFields: ModelFields = [
  ['id_task', 'str', null],
  ['id_live_preview', 'int', -1],
  ['live_preview', 'bool', true]
]

/**
 * FastAPI's reading of a JSON body: none is "field required", bytes that are not JSON a
 * value_error.jsondecode at the position where decoding stopped, a body of another content
 * type stays bytes and so "is not a valid dict".
 */
export function readJsonBody(text: string, contentType: string | undefined): Checked<unknown> {
  if (text === '') return { ok: false, detail: [{ loc: ['body'], msg: 'field required', type: 'value_error.missing' }] }
  const mimetype = (contentType ?? 'application/json').split(';')[0]?.trim().toLowerCase() ?? ''
  const subtype = mimetype.startsWith('application/') ? mimetype.slice('application/'.length) : undefined
  if (subtype !== 'json' && !subtype?.endsWith('+json')) return { ok: true, value: text }
  try {
    return { ok: true, value: JSON.parse(text) as unknown }
  } catch (error) {
    // V8 names the position, or none at the end of the input; Python's wording is "Expecting value" for the usual faults.
    const position = Number(/position (\d+)/.exec(error instanceof Error ? error.message : '')?.[1] ?? text.length)
    const lineno = text.slice(0, position).split('\n').length
    const colno = position - text.lastIndexOf('\n', position - 1)
    return {
      ok: false,
      detail: [
        {
          loc: ['body', position],
          msg: `Expecting value: line ${lineno} column ${colno} (char ${position})`,
          type: 'value_error.jsondecode',
          ctx: { msg: 'Expecting value', doc: text, pos: position, lineno, colno }
        }
      ]
    }
  }
}

/** The txt2img body, every field present in model order, coerced; or FastAPI's 422 detail. */
export function readTxt2ImgRequest(body: unknown): Checked<Readonly<Record<string, unknown>>> {
  return readModel(body, txt2imgFields)
}

export function readInternalProgressRequest(body: unknown): Checked<Readonly<Record<string, unknown>>> {
  return readModel(body, internalProgressFields)
}

function readModel(body: unknown, model: ModelFields): Checked<Readonly<Record<string, unknown>>> {
  const fields = asDict(body)
  if (!fields) return { ok: false, detail: [{ loc: ['body'], msg: 'value is not a valid dict', type: 'type_error.dict' }] }
  const value: Record<string, unknown> = {}
  const detail: ValidationError[] = []
  for (const [name, kind, fallback] of model) {
    const given = fields[name]
    if (given === undefined || given === null) {
      value[name] = given === null ? null : fallback
      continue
    }
    const coerced = coerce(kind, given, ['body', name])
    if (coerced.ok) value[name] = coerced.value
    else detail.push(...coerced.detail)
  }
  return detail.length > 0 ? { ok: false, detail } : { ok: true, value }
}

/** A `dict[str, Any]` body such as POST /sdapi/v1/options takes. */
export function readDictBody(body: unknown): Checked<Readonly<Record<string, unknown>>> {
  const fields = asDict(body)
  return fields ? { ok: true, value: fields } : { ok: false, detail: [{ loc: ['body'], msg: 'value is not a valid dict', type: 'type_error.dict' }] }
}

/** pydantic 1's bool for query parameters such as /progress?skip_current_image=. */
export function readQueryBool(text: string, name: string): Checked<boolean> {
  const coerced = coerce('bool', text, ['query', name])
  return coerced.ok ? { ok: true, value: coerced.value === true } : coerced
}

function asDict(value: unknown): Readonly<Record<string, unknown>> | undefined {
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) return value as Readonly<Record<string, unknown>>
  // dict() also takes a list of pairs.
  if (Array.isArray(value) && value.every((pair) => Array.isArray(pair) && pair.length === 2)) {
    return Object.fromEntries(value.map((pair: unknown[]) => [String(pair[0]), pair[1]]))
  }
  return undefined
}

const boolTrue = new Set<unknown>([1, '1', 'on', 't', 'true', 'y', 'yes'])
const boolFalse = new Set<unknown>([0, '0', 'off', 'f', 'false', 'n', 'no'])
const pythonInt = /^\s*[+-]?\d+(_\d+)*\s*$/
const pythonFloat = /^\s*[+-]?((\d+(_\d+)*)?\.?\d+(_\d+)*([eE][+-]?\d+)?|inf(inity)?|nan)\s*$/i

function coerce(kind: FieldKind, given: unknown, loc: readonly (string | number)[]): Checked<unknown> {
  const error = (msg: string, type: string): Checked<unknown> => ({ ok: false, detail: [{ loc, msg, type }] })
  switch (kind) {
    case 'int':
      if (typeof given === 'number') return { ok: true, value: Math.trunc(given) }
      if (typeof given === 'boolean') return { ok: true, value: given ? 1 : 0 }
      if (typeof given === 'string' && pythonInt.test(given)) return { ok: true, value: Number(given.replaceAll('_', '')) }
      return error('value is not a valid integer', 'type_error.integer')
    case 'float':
      if (typeof given === 'number' || typeof given === 'boolean') return { ok: true, value: pyFloat(Number(given)) }
      if (typeof given === 'string' && pythonFloat.test(given)) return { ok: true, value: pyFloat(parsePythonFloat(given)) }
      return error('value is not a valid float', 'type_error.float')
    case 'str':
      if (typeof given === 'string') return { ok: true, value: given }
      if (typeof given === 'boolean') return { ok: true, value: given ? 'True' : 'False' }
      if (typeof given === 'number') return { ok: true, value: String(given) }
      return error('str type expected', 'type_error.str')
    case 'bool': {
      const key = typeof given === 'string' ? given.toLowerCase() : given
      if (typeof given === 'boolean') return { ok: true, value: given }
      if (boolTrue.has(key)) return { ok: true, value: true }
      if (boolFalse.has(key)) return { ok: true, value: false }
      return error('value could not be parsed to a boolean', 'type_error.bool')
    }
    case 'dict': {
      const dict = asDict(given)
      return dict ? { ok: true, value: dict } : error('value is not a valid dict', 'type_error.dict')
    }
    case 'list':
      return Array.isArray(given) ? { ok: true, value: given } : error('value is not a valid list', 'type_error.list')
    case 'str-list': {
      if (!Array.isArray(given)) return error('value is not a valid list', 'type_error.list')
      const items = given.map((item, index) => coerce('str', item, [...loc, index]))
      const detail = items.flatMap((item) => (item.ok ? [] : item.detail))
      return detail.length > 0 ? { ok: false, detail } : { ok: true, value: items.map((item) => (item.ok ? item.value : '')) }
    }
  }
}

function parsePythonFloat(text: string): number {
  const clean = text.trim().toLowerCase().replaceAll('_', '')
  if (clean.endsWith('nan')) return Number.NaN
  if (clean.endsWith('inf') || clean.endsWith('infinity')) return clean.startsWith('-') ? -Infinity : Infinity
  return Number(clean)
}
