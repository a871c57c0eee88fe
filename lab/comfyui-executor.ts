import { Closed, InterruptProcessing, runNode, type NodeResult, type Value } from './comfyui-node-runs'
import type { ExecutionStatus } from './comfyui-queue'
import { PyException, type ApiPrompt } from './comfyui-validate'
import type { JobFault } from './imagegen-steps'
import { PyFloat } from './python-json'

/**
 * execution.py's PromptExecutor: runs a prompt's output nodes and what they need, depth first
 * in input order; keeps each node's result under its input signature, so a node whose inputs
 * did not change since the last prompt is not run again (execution_cached); and reports on the
 * WebSocket what ComfyUI reports, to the prompt's client only unless it has none.
 */

export interface ExecutorOptions {
  readonly outputDir: string
  readonly tempDir: string
  readonly secondsPerStep: number
  readonly loadSeconds: number
  readonly previews: boolean
  /** server.send_sync: a JSON message; a null sid means everyone. */
  readonly send: (event: string, data: Readonly<Record<string, unknown>>, sid: string | null) => void
  /** A binary preview frame's image. */
  readonly sendPreview: (png: Buffer, sid: string | null) => void
  readonly jobFault: () => JobFault
  readonly closing: AbortSignal
}

export interface Execution {
  readonly success: boolean
  readonly outputs: Readonly<Record<string, unknown>>
  readonly meta: Readonly<Record<string, unknown>>
  readonly messages: ExecutionStatus['messages']
}

/** Where a failing sampler's exception passed, for execution_error's traceback. */
const samplerTraceback = [
  '  File "/ComfyUI/execution.py", line 496, in execute\n    output_data, output_ui, has_subgraph, has_pending_tasks = await get_output_data(prompt_id, unique_id, obj, input_data_all, execution_block_cb=execution_block_cb, pre_execute_cb=pre_execute_cb, hidden_inputs=hidden_inputs)\n',
  '  File "/ComfyUI/nodes.py", line 1525, in sample\n    return common_ksampler(model, seed, steps, cfg, sampler_name, scheduler, positive, negative, latent_image, denoise=denoise)\n'
]

export class PromptExecutor {
  /** The client of the prompt running, which its messages go to. */
  clientId: string | null = null
  /** The node running, which a reconnecting client is told of. */
  lastNodeId: string | null = null
  private interruptRequested = false
  private cache = new Map<string, NodeResult>()

  constructor(private readonly options: ExecutorOptions) {}

  /** nodes.interrupt_processing(): the running prompt stops at its next node or sampler step. */
  interrupt(): void {
    this.interruptRequested = true
  }

  /** Undefined when the emulator closed mid-prompt. */
  async execute(prompt: ApiPrompt, promptId: string, extraData: Readonly<Record<string, unknown>>, outputs: readonly string[]): Promise<Execution | undefined> {
    this.interruptRequested = false
    const clientId = typeof extraData['client_id'] === 'string' ? extraData['client_id'] : null
    this.clientId = clientId
    const messages: [string, Readonly<Record<string, unknown>>][] = []
    const addMessage = (event: string, data: Readonly<Record<string, unknown>>, broadcast: boolean) => {
      const stamped = { ...data, timestamp: Date.now() }
      messages.push([event, stamped])
      if (clientId !== null || broadcast) this.options.send(event, stamped, clientId)
    }
    addMessage('execution_start', { prompt_id: promptId }, false)
    const signature = signatures(prompt)
    const cached = new Set(Object.keys(prompt).filter((id) => this.cache.has(signature(id))))
    addMessage('execution_cached', { nodes: [...cached], prompt_id: promptId }, false)

    const results = new Map<string, NodeResult>()
    const executed: string[] = []
    const uiOutputs: Record<string, unknown> = {}
    const meta: Record<string, unknown> = {}
    const visiting = new Set<string>()
    let current = ''
    // A node that ran reports only a UI output; a cached output node always says it is done.
    const report = (id: string, result: NodeResult, fromCache: boolean) => {
      if (clientId !== null && (fromCache || result.ui)) this.options.send('executed', { node: id, display_node: id, output: result.ui ?? null, prompt_id: promptId }, clientId)
      if (!result.ui) return
      uiOutputs[id] = result.ui
      meta[id] = { node_id: id, display_node: id, parent_node: null, real_node_id: id }
    }
    const visit = async (id: string): Promise<void> => {
      if (results.has(id)) return
      if (visiting.has(id)) throw new PyException('comfy_execution.graph.DependencyCycleError', 'Dependency cycle detected')
      visiting.add(id)
      const node = prompt[id] ?? {}
      const inputs = (node['inputs'] ?? {}) as Readonly<Record<string, unknown>>
      for (const value of Object.values(inputs)) if (isLink(value) && !cached.has(value[0])) await visit(value[0])
      const known = cached.has(id) ? this.cache.get(signature(id)) : undefined
      if (known) {
        results.set(id, known)
        return report(id, known, true)
      }
      current = id
      this.lastNodeId = id
      if (clientId !== null) this.options.send('executing', { node: id, display_node: id, prompt_id: promptId }, clientId)
      if (this.interruptRequested) throw new InterruptProcessing()
      const resolved = resolveInputs(inputs, (linked) => results.get(linked) ?? this.cache.get(signature(linked)))
      const result = await runNode(String(node['class_type']), resolved, {
        promptId,
        nodeId: id,
        prompt,
        extraData,
        outputDir: this.options.outputDir,
        tempDir: this.options.tempDir,
        secondsPerStep: this.options.secondsPerStep,
        loadSeconds: this.options.loadSeconds,
        jobFault: this.options.jobFault(),
        closing: this.options.closing,
        interrupted: () => this.interruptRequested,
        previews: this.options.previews,
        progress: (value, max, preview) => {
          this.options.send('progress', { value, max, prompt_id: promptId, node: id }, clientId)
          if (preview) this.options.sendPreview(preview(), clientId)
        }
      })
      results.set(id, result)
      this.cache.set(signature(id), result)
      executed.push(id)
      report(id, result, false)
    }

    let success = true
    try {
      for (const output of [...outputs].sort((a, b) => this.pending(prompt, a, cached) - this.pending(prompt, b, cached))) await visit(output)
      addMessage('execution_success', { prompt_id: promptId }, false)
    } catch (error) {
      if (error instanceof Closed) return undefined
      success = false
      const failure = { prompt_id: promptId, node_id: current, node_type: prompt[current]?.['class_type'], executed }
      if (error instanceof InterruptProcessing) {
        addMessage('execution_interrupted', failure, true)
      } else {
        const exception = error instanceof PyException ? error : new PyException('Exception', String(error))
        addMessage(
          'execution_error',
          {
            ...failure,
            exception_message: exception.pythonMessage,
            exception_type: exception.pythonType,
            traceback: samplerTraceback,
            current_inputs: formattedInputs(prompt, current, (linked) => results.get(linked) ?? this.cache.get(signature(linked))),
            current_outputs: [...cached]
          },
          false
        )
      }
    } finally {
      this.lastNodeId = null
      // The classic cache keeps only what the last prompt used.
      const used = new Set(Object.keys(prompt).map(signature))
      for (const key of this.cache.keys()) if (!used.has(key)) this.cache.delete(key)
    }
    return { success, outputs: uiOutputs, meta, messages }
  }

  /** How many nodes an output still needs run: outputs needing fewest go first. */
  private pending(prompt: ApiPrompt, id: string, cached: ReadonlySet<string>, seen = new Set<string>()): number {
    if (seen.has(id) || cached.has(id)) return 0
    seen.add(id)
    const inputs = Object.values((prompt[id]?.['inputs'] ?? {}) as Readonly<Record<string, unknown>>)
    return 1 + inputs.reduce<number>((sum, value) => sum + (isLink(value) ? this.pending(prompt, value[0], cached, seen) : 0), 0)
  }
}

function isLink(value: unknown): value is readonly [string, number] {
  return Array.isArray(value) && value.length === 2 && typeof value[0] === 'string' && typeof value[1] === 'number'
}

/**
 * A node's cache key: its class and inputs, links replaced by the linked node's key, so equal
 * work under another node id is still found.
 */
function signatures(prompt: ApiPrompt): (id: string) => string {
  const memo = new Map<string, string>()
  const signature = (id: string, visiting = new Set<string>()): string => {
    const known = memo.get(id)
    if (known !== undefined) return known
    if (visiting.has(id)) return `cycle:${id}`
    visiting.add(id)
    const node = prompt[id] ?? {}
    const inputs = Object.entries((node['inputs'] ?? {}) as Readonly<Record<string, unknown>>)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([name, value]) => [name, isLink(value) ? ['link', signature(value[0], visiting), value[1]] : value instanceof PyFloat ? value.value : value])
    const key = JSON.stringify([node['class_type'], inputs])
    memo.set(id, key)
    return key
  }
  return (id) => signature(id)
}

type ResultOf = (id: string) => NodeResult | undefined

/** A node's inputs with each link replaced by the value it points at. */
function resolveInputs(inputs: Readonly<Record<string, unknown>>, resultOf: ResultOf): Record<string, unknown> {
  return Object.fromEntries(Object.entries(inputs).map(([name, value]) => [name, isLink(value) ? resultOf(value[0])?.values[value[1]] : value]))
}

/** execution_error's current_inputs: each input as format_value shows it, objects by their str(). */
function formattedInputs(prompt: ApiPrompt, id: string, resultOf: ResultOf): Record<string, unknown[]> {
  const resolved = resolveInputs((prompt[id]?.['inputs'] ?? {}) as Readonly<Record<string, unknown>>, resultOf)
  return Object.fromEntries(Object.entries(resolved).map(([name, value]) => [name, [isValue(value) ? describe(value) : value]]))
}

function isValue(value: unknown): value is Value {
  return typeof value === 'object' && value !== null && 'type' in value
}

function describe(value: Value): string {
  switch (value.type) {
    case 'MODEL':
      return '<comfy.model_patcher.ModelPatcher object at 0x000001F2A3B4C5D0>'
    case 'CLIP':
      return '<comfy.sd.CLIP object at 0x000001F2A3B4C610>'
    case 'VAE':
      return '<comfy.sd.VAE object at 0x000001F2A3B4C650>'
    case 'CONDITIONING':
      return "[[tensor(...), {'pooled_output': tensor(...)}]]"
    case 'LATENT':
      return "{'samples': tensor(...)}"
    case 'IMAGE':
      return 'tensor(...)'
  }
}
