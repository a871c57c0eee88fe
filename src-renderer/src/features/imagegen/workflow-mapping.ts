import type { WorkflowMapping } from '../../../../src-shared/imagegen'
import { isRecord } from '../../app/stored'

/** A ComfyUI workflow in API format: node id → its class and inputs. */
export type WorkflowGraph = Readonly<Record<string, { readonly class_type: string; readonly inputs: Readonly<Record<string, unknown>> }>>

export type MappingField = keyof WorkflowMapping

export const mappingFields: readonly { readonly key: MappingField; readonly label: string }[] = [
  { key: 'prompt', label: 'Prompt' },
  { key: 'negativePrompt', label: 'Negative prompt' },
  { key: 'width', label: 'Width' },
  { key: 'height', label: 'Height' },
  { key: 'steps', label: 'Steps' },
  { key: 'cfg', label: 'CFG' },
  { key: 'seed', label: 'Seed' },
  { key: 'checkpoint', label: 'Checkpoint' }
]

export type ParsedWorkflow = { readonly ok: true; readonly graph: WorkflowGraph } | { readonly ok: false; readonly problem: string }

/** A file's text as an API-format workflow, or why it is not one, in words. */
export function parseWorkflow(text: string): ParsedWorkflow {
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch {
    return { ok: false, problem: 'The file is not JSON.' }
  }
  if (!isRecord(value)) return { ok: false, problem: 'The file is not a ComfyUI workflow.' }
  if (Array.isArray(value.nodes) && Array.isArray(value.links)) {
    return { ok: false, problem: 'This workflow is in ComfyUI’s UI format: save it with “Export (API)” / “Save (API Format)” and load that file.' }
  }
  const entries = Object.entries(value)
  if (entries.length === 0) return { ok: false, problem: 'The workflow has no nodes.' }
  for (const [id, node] of entries) {
    if (!isRecord(node) || typeof node.class_type !== 'string' || !isRecord(node.inputs)) {
      return { ok: false, problem: `Node ${id} has no class_type and inputs: this is not an API-format workflow.` }
    }
  }
  return { ok: true, graph: value as WorkflowGraph }
}

const path = (nodeId: string, input: string) => `${nodeId}.inputs.${input}`

/** The node a link input ([node id, output index]) comes from. */
function linked(graph: WorkflowGraph, value: unknown): string | null {
  if (!Array.isArray(value) || (typeof value[0] !== 'string' && typeof value[0] !== 'number')) return null
  const nodeId = String(value[0])
  return graph[nodeId] ? nodeId : null
}

function textInputOf(graph: WorkflowGraph, nodeId: string | null): string | undefined {
  return nodeId !== null && typeof graph[nodeId]?.inputs.text === 'string' ? path(nodeId, 'text') : undefined
}

function firstNode(graph: WorkflowGraph, test: (node: WorkflowGraph[string]) => boolean): string | null {
  return Object.keys(graph).find((nodeId) => test(graph[nodeId]!)) ?? null
}

function numberInput(graph: WorkflowGraph, nodeId: string | null, ...names: string[]): string | undefined {
  if (nodeId === null) return undefined
  const name = names.find((candidate) => typeof graph[nodeId]?.inputs[candidate] === 'number')
  return name === undefined ? undefined : path(nodeId, name)
}

/**
 * Where the form's fields probably go, guessed from the class types: the sampler's seed, steps and
 * cfg, the text encoders its positive and negative inputs come from, the latent image's size, the
 * checkpoint loader's ckpt_name. The user checks and corrects the guess.
 */
export function guessMapping(graph: WorkflowGraph): WorkflowMapping {
  const sampler = firstNode(graph, (node) => node.class_type.includes('KSampler') || node.class_type.includes('Sampler'))
  const samplerInputs = sampler === null ? {} : graph[sampler]!.inputs
  const encoders = Object.keys(graph).filter((nodeId) => typeof graph[nodeId]!.inputs.text === 'string')
  const positive = textInputOf(graph, linked(graph, samplerInputs.positive))
  const negative = textInputOf(graph, linked(graph, samplerInputs.negative))
  const latent = linked(graph, samplerInputs.latent_image) ?? firstNode(graph, (node) => typeof node.inputs.width === 'number' && typeof node.inputs.height === 'number')
  const loader = firstNode(graph, (node) => typeof node.inputs.ckpt_name === 'string')
  const prompt = positive ?? (encoders[0] === undefined ? '' : path(encoders[0], 'text'))
  const otherEncoder = encoders.find((nodeId) => path(nodeId, 'text') !== prompt)
  const mapping: WorkflowMapping = {
    prompt,
    negativePrompt: negative ?? (otherEncoder === undefined ? undefined : path(otherEncoder, 'text')),
    width: numberInput(graph, latent, 'width'),
    height: numberInput(graph, latent, 'height'),
    steps: numberInput(graph, sampler, 'steps'),
    cfg: numberInput(graph, sampler, 'cfg'),
    seed: numberInput(graph, sampler, 'seed', 'noise_seed'),
    checkpoint: loader === null ? undefined : path(loader, 'ckpt_name')
  }
  return Object.fromEntries(Object.entries(mapping).filter(([, value]) => value !== undefined)) as WorkflowMapping
}

/** The mapping as typed, trimmed, with the fields left empty taken out. */
export function cleanMapping(mapping: WorkflowMapping): WorkflowMapping {
  const entries = Object.entries(mapping).map(([key, value]) => [key, value?.trim() ?? ''] as const)
  return Object.fromEntries(entries.filter(([key, value]) => key === 'prompt' || value !== '')) as WorkflowMapping
}

/** Each field whose "node.inputs.field" names no input of the workflow; the prompt must be mapped. */
export function mappingProblems(graph: WorkflowGraph, mapping: WorkflowMapping): Partial<Record<MappingField, string>> {
  const problems: Partial<Record<MappingField, string>> = {}
  for (const { key, label } of mappingFields) {
    const target = mapping[key]?.trim() ?? ''
    if (target === '') {
      if (key === 'prompt') problems.prompt = 'The prompt must go somewhere: name a text input, e.g. 6.inputs.text'
      continue
    }
    const match = /^(.+)\.inputs\.([^.]+)$/.exec(target)
    if (!match) {
      problems[key] = `${label}: write it as node.inputs.field, e.g. 6.inputs.text`
      continue
    }
    const [, nodeId = '', input = ''] = match
    const node = graph[nodeId]
    if (!node) problems[key] = `${label}: the workflow has no node ${nodeId}`
    else if (!(input in node.inputs)) problems[key] = `${label}: node ${nodeId} (${node.class_type}) has no input “${input}”`
  }
  return problems
}
