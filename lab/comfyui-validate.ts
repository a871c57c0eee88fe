import type { NodeClass } from './comfyui-nodes'
import { PyFloat, pyFloat, pyRepr, pyStr } from './python-json'

/**
 * execution.py's validate_prompt, ported: every node must name a known class_type; output
 * nodes are checked with what they depend on; widget values are converted in place (int(),
 * float(), str()) and checked against min, max and combo lists; links must be [node_id, slot]
 * to an existing node whose output type matches. A Python exception during the check is
 * reported, as ComfyUI reports it, in the node where it happened.
 */

/** An API-format workflow: node id → {class_type, inputs}. */
export type ApiPrompt = Record<string, Record<string, unknown>>

export interface ValidationIssue {
  readonly type: string
  readonly message: string
  readonly details: string
  readonly extra_info: Readonly<Record<string, unknown>>
}

export interface NodeErrors {
  readonly errors: readonly ValidationIssue[]
  readonly dependent_outputs: string[]
  readonly class_type: unknown
}

export type PromptValidation =
  | { readonly ok: true; readonly outputs: readonly string[]; readonly nodeErrors: Readonly<Record<string, NodeErrors>> }
  | { readonly ok: false; readonly error: ValidationIssue; readonly nodeErrors: Readonly<Record<string, NodeErrors>> }

/** A Python exception: its full_type_name and str(). */
export class PyException extends Error {
  constructor(
    readonly pythonType: string,
    readonly pythonMessage: string
  ) {
    super(`${pythonType}: ${pythonMessage}`)
  }
}

interface Verdict {
  readonly valid: boolean
  readonly errors: readonly ValidationIssue[]
}

/** Where Python's validation exceptions come from, for the traceback ComfyUI sends. */
const validationTraceback = ['  File "/ComfyUI/execution.py", line 708, in validate_inputs\n    o_class_type = prompt[o_id][\'class_type\']\n']

/** `prompt` must be a JSON object; anything else makes ComfyUI raise (a 500). */
export function validatePrompt(prompt: ApiPrompt, classes: ReadonlyMap<string, NodeClass>): PromptValidation {
  const outputs: string[] = []
  for (const [id, node] of Object.entries(prompt)) {
    const invalid = (message: string): PromptValidation => ({
      ok: false,
      error: { type: 'invalid_prompt', message, details: `Node ID '#${id}'`, extra_info: {} },
      nodeErrors: {}
    })
    if (!('class_type' in node)) return invalid('Cannot execute because a node is missing the class_type property.')
    const nodeClass = classes.get(String(node['class_type']))
    if (!nodeClass) return invalid(`Cannot execute because node ${pyStr(node['class_type'])} does not exist.`)
    if (nodeClass.outputNode) outputs.push(id)
  }
  if (outputs.length === 0) {
    return { ok: false, error: { type: 'prompt_no_outputs', message: 'Prompt has no outputs', details: '', extra_info: {} }, nodeErrors: {} }
  }

  const validated = new Map<string, Verdict>()
  const good: string[] = []
  const failed: (readonly [string, readonly ValidationIssue[]])[] = []
  const nodeErrors: Record<string, NodeErrors> = {}
  for (const output of outputs) {
    let verdict: Verdict
    try {
      verdict = validateInputs(prompt, output, validated, classes)
    } catch (error) {
      const exception = asPyException(error)
      verdict = {
        valid: false,
        errors: [
          {
            type: 'exception_during_validation',
            message: 'Exception when validating node',
            details: exception.pythonMessage,
            extra_info: { exception_type: exception.pythonType, traceback: validationTraceback }
          }
        ]
      }
      validated.set(output, verdict)
    }
    if (verdict.valid) {
      good.push(output)
      continue
    }
    failed.push([output, verdict.errors])
    // A node downstream of a broken one is invalid too but has no errors of its own: left out.
    for (const [id, result] of validated) {
      if (result.valid || result.errors.length === 0) continue
      nodeErrors[id] ??= { errors: result.errors, dependent_outputs: [], class_type: prompt[id]?.['class_type'] }
      nodeErrors[id].dependent_outputs.push(output)
    }
  }
  if (good.length === 0) {
    // Only the outputs' own errors make the details; those of nodes upstream stay in node_errors.
    const details = failed.flatMap(([, errors]) => errors.map((error) => `${error.message}: ${error.details}`)).join('\n')
    return { ok: false, error: { type: 'prompt_outputs_failed_validation', message: 'Prompt outputs failed validation', details, extra_info: {} }, nodeErrors }
  }
  return { ok: true, outputs: good, nodeErrors }
}

function validateInputs(prompt: ApiPrompt, id: string, validated: Map<string, Verdict>, classes: ReadonlyMap<string, NodeClass>): Verdict {
  const known = validated.get(id)
  if (known) return known
  const node = prompt[id]
  const inputs = node?.['inputs']
  if (typeof inputs !== 'object' || inputs === null || Array.isArray(inputs)) throw new PyException('KeyError', "'inputs'")
  const given = inputs as Record<string, unknown>
  const nodeClass = classes.get(String(node?.['class_type']))
  const errors: ValidationIssue[] = []
  let valid = true
  for (const [name, spec] of Object.entries(nodeClass?.required ?? {})) {
    const [type, extra] = spec
    const issue = (issueType: string, message: string, details: string, info: Record<string, unknown>) =>
      errors.push({ type: issueType, message, details, extra_info: { input_name: name, ...info } })
    if (!(name in given)) {
      errors.push({ type: 'required_input_missing', message: 'Required input is missing', details: name, extra_info: { input_name: name } })
      continue
    }
    const value = given[name]
    if (Array.isArray(value)) {
      if (value.length !== 2) {
        issue('bad_linked_input', 'Bad linked input, must be a length-2 list of [node_id, slot_index]', name, { input_config: spec, received_value: value })
        continue
      }
      const [linkedId, slot] = value as [unknown, unknown]
      const linked = typeof linkedId === 'string' ? prompt[linkedId] : undefined
      if (!linked) throw new PyException('KeyError', pyRepr(linkedId))
      const received = returnType(classes.get(String(linked['class_type'])), slot)
      if (received !== type) {
        issue('return_type_mismatch', 'Return type mismatch between linked nodes', `${name}, received_type(${received}) mismatch input_type(${pyStr(type)})`, {
          input_config: spec,
          received_type: received,
          linked_node: value
        })
        continue
      }
      try {
        if (!validateInputs(prompt, String(linkedId), validated, classes).valid) valid = false
      } catch (error) {
        const exception = asPyException(error)
        valid = false
        validated.set(String(linkedId), {
          valid: false,
          errors: [
            {
              type: 'exception_during_inner_validation',
              message: 'Exception when validating inner node',
              details: exception.pythonMessage,
              extra_info: {
                input_name: name,
                input_config: spec,
                exception_message: exception.pythonMessage,
                exception_type: exception.pythonType,
                traceback: validationTraceback,
                linked_node: value
              }
            }
          ]
        })
      }
      continue
    }
    let converted: unknown
    try {
      converted = convert(type, value)
    } catch (error) {
      const exception = asPyException(error)
      issue('invalid_input_type', `Failed to convert an input value to a ${pyStr(type)} value`, `${name}, ${pyStr(value)}, ${exception.pythonMessage}`, {
        input_config: spec,
        received_value: value,
        exception_message: exception.pythonMessage
      })
      continue
    }
    given[name] = converted
    const number = numberOf(converted)
    const min = numberOf(extra['min'])
    const max = numberOf(extra['max'])
    if (number !== undefined && min !== undefined && number < min) {
      issue('value_smaller_than_min', `Value ${pyStr(converted)} smaller than min of ${pyStr(extra['min'])}`, name, { input_config: spec, received_value: converted })
      continue
    }
    if (number !== undefined && max !== undefined && number > max) {
      issue('value_bigger_than_max', `Value ${pyStr(converted)} bigger than max of ${pyStr(extra['max'])}`, name, { input_config: spec, received_value: converted })
      continue
    }
    if (Array.isArray(type) && !type.includes(converted as string)) {
      // ComfyUI does not echo long lists, such as many scanned model files.
      const long = type.length > 20
      issue('value_not_in_list', 'Value not in list', `${name}: '${pyStr(converted)}' not in ${long ? `(list of length ${type.length})` : pyRepr(type)}`, {
        input_config: long ? null : spec,
        received_value: converted
      })
    }
  }
  const verdict = { valid: valid && errors.length === 0, errors }
  validated.set(id, verdict)
  return verdict
}

/** RETURN_TYPES[slot], with Python's errors for a slot that is not one. */
function returnType(nodeClass: NodeClass | undefined, slot: unknown): string {
  if (typeof slot !== 'number' || !Number.isInteger(slot)) throw new PyException('TypeError', `tuple indices must be integers or slices, not ${pythonTypeName(slot)}`)
  const types = nodeClass?.output ?? []
  const type = types[slot < 0 ? types.length + slot : slot]
  if (type === undefined) throw new PyException('IndexError', 'tuple index out of range')
  return type
}

/** int(), float() and str() of a widget value, with Python's errors. */
function convert(type: InputTypeName, value: unknown): unknown {
  switch (type) {
    case 'INT':
      if (typeof value === 'number') return Math.trunc(value)
      if (typeof value === 'boolean') return value ? 1 : 0
      if (typeof value === 'string') {
        if (/^\s*[+-]?\d+(_\d+)*\s*$/.test(value)) return Number(value.replaceAll('_', ''))
        throw new PyException('ValueError', `invalid literal for int() with base 10: ${pyRepr(value)}`)
      }
      throw new PyException('TypeError', `int() argument must be a string, a bytes-like object or a real number, not '${pythonTypeName(value)}'`)
    case 'FLOAT':
      if (typeof value === 'number' || typeof value === 'boolean') return pyFloat(Number(value))
      if (typeof value === 'string') {
        if (value.trim() !== '' && Number.isFinite(Number(value))) return pyFloat(Number(value))
        throw new PyException('ValueError', `could not convert string to float: ${pyRepr(value)}`)
      }
      throw new PyException('TypeError', `float() argument must be a string or a real number, not '${pythonTypeName(value)}'`)
    case 'STRING':
      return pyStr(value)
    default:
      return value
  }
}

type InputTypeName = string | readonly string[]

export function numberOf(value: unknown): number | undefined {
  if (value instanceof PyFloat) return value.value
  if (typeof value === 'number') return value
  if (typeof value === 'bigint') return Number(value)
  return undefined
}

function pythonTypeName(value: unknown): string {
  if (value === null || value === undefined) return 'NoneType'
  if (Array.isArray(value)) return 'list'
  return { string: 'str', number: Number.isInteger(value) ? 'int' : 'float', boolean: 'bool', object: 'dict' }[typeof value as string] ?? typeof value
}

function asPyException(error: unknown): PyException {
  return error instanceof PyException ? error : new PyException('Exception', error instanceof Error ? error.message : String(error))
}
