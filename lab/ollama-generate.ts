import type { ServerResponse } from 'node:http'
import { emulatedAnswer, emulatedCompletion, tokenize, type AnswerSettings } from './ollama-answer'
import { capabilitiesOf, isValidModelName, type OllamaModel } from './ollama-model'
import { QueueFullError, sleepUntil, type KeepAliveMs } from './ollama-runners'
import { findInstalled, streamFault, type OllamaState } from './ollama-state'
import { collectSink, requestSignal, streamSink, type LineSink } from './ollama-stream'
import { bindJson, goTime, jsonKind, nowNs, parseKeepAlive, sendError, sendJson, type GoFields } from './ollama-wire'

/**
 * POST /api/chat and /api/generate as Ollama's ChatHandler and GenerateHandler answer them: the
 * same checks in the same order, load and unload with an empty prompt, and an answer paced at the
 * model's tokens per second with durations measured around what the emulator really did.
 */

/** What a runner that dies mid-answer makes Ollama say. */
export const midStreamErrorMessage = 'an error was encountered while running the model: unexpected EOF'

type Kind = 'chat' | 'generate'

/** The fields of api.ChatResponse or api.GenerateResponse that come before `done`. */
type LineHead =
  | { readonly model: string; readonly created_at: string; readonly message: { readonly role: string; readonly content: string } }
  | { readonly model: string; readonly created_at: string; readonly response: string }
type FigureName = 'total_duration' | 'load_duration' | 'prompt_eval_count' | 'prompt_eval_duration' | 'eval_count' | 'eval_duration'
/** One line of the answer; the last also carries done_reason, context and api.Metrics. */
type Line = LineHead & { readonly done: boolean; readonly done_reason?: string; readonly context?: readonly number[] } & Partial<Record<FigureName, number>>

interface Job {
  readonly kind: Kind
  /** The name as the client sent it, which every line echoes. */
  readonly requested: string
  readonly model: OllamaModel
  /** What the answer depends on: the generate prompt, or the chat's last user message. */
  readonly prompt: string
  readonly promptTokens: number
  readonly settings: AnswerSettings
  readonly numCtx: number | undefined
  readonly keepAlive: KeepAliveMs
  readonly stream: boolean
  /** process.hrtime when the request came in. */
  readonly startedHr: bigint
}

const chatFields: GoFields = { model: 'string', messages: 'array', stream: 'bool', options: 'object' }
const generateFields: GoFields = { model: 'string', prompt: 'string', system: 'string', stream: 'bool', raw: 'bool', options: 'object' }

export async function chatRoute(state: OllamaState, text: string, response: ServerResponse, startedHr: bigint): Promise<void> {
  const bound = bindJson(text, 'ChatRequest', chatFields)
  if (!bound.ok) return sendError(response, 400, bound.error)
  const { body } = bound
  const requested = typeof body['model'] === 'string' ? body['model'] : ''
  const messages = messagesOf(body['messages'])
  if (typeof messages === 'string') return sendError(response, 400, messages)
  const keepAlive = parseKeepAlive(body['keep_alive'])
  if (!keepAlive.ok) return sendError(response, 400, keepAlive.error)
  if (messages.length === 0 && keepAlive.ms === 0) {
    const installed = findInstalled(state, requested)
    if (!installed) return sendError(response, 404, `model '${requested}' not found`)
    state.runners.expire(installed.model)
    return sendJson(response, 200, { ...lineHead('chat', requested, ''), done: true, done_reason: 'unload' })
  }
  if (!isValidModelName(requested)) return sendError(response, 400, 'model is required')
  const installed = findInstalled(state, requested)
  if (!installed) return sendError(response, 404, `model '${requested}' not found`)
  const { model } = installed
  if (!capabilitiesOf(model).includes('completion')) return sendError(response, 400, `${JSON.stringify(requested)} does not support chat`)
  if (body['think'] !== undefined && body['think'] !== false && body['think'] !== null && !capabilitiesOf(model).includes('thinking')) {
    return sendError(response, 400, `${JSON.stringify(requested)} does not support thinking`)
  }
  const prompt = messages.findLast((message) => message.role === 'user')?.content ?? ''
  const promptText = messages.map((message) => message.content)
  const job = jobOf(body, { kind: 'chat', requested, model, prompt, promptText, keepAlive: keepAlive.ms, startedHr })
  if (typeof job === 'string') return sendError(response, 500, job)
  if (messages.length === 0) return loadOnly(state, job, response)
  await run(state, job, response)
}

export async function generateRoute(state: OllamaState, text: string, response: ServerResponse, startedHr: bigint): Promise<void> {
  const bound = bindJson(text, 'GenerateRequest', generateFields)
  if (!bound.ok) return sendError(response, 400, bound.error)
  const { body } = bound
  const requested = typeof body['model'] === 'string' ? body['model'] : ''
  const installed = isValidModelName(requested) ? findInstalled(state, requested) : undefined
  // Ollama answers 404 for a name it cannot even parse, keeping with what its API always said.
  if (!installed) return sendError(response, 404, `model '${requested}' not found`)
  const { model } = installed
  const keepAlive = parseKeepAlive(body['keep_alive'])
  if (!keepAlive.ok) return sendError(response, 400, keepAlive.error)
  const prompt = typeof body['prompt'] === 'string' ? body['prompt'] : ''
  if (prompt === '' && keepAlive.ms === 0) {
    state.runners.expire(model)
    return sendJson(response, 200, { ...lineHead('generate', requested, ''), done: true, done_reason: 'unload' })
  }
  if (!capabilitiesOf(model).includes('completion')) return sendError(response, 400, `${JSON.stringify(requested)} does not support generate`)
  const system = typeof body['system'] === 'string' ? body['system'] : ''
  const context = Array.isArray(body['context']) ? body['context'].length : 0
  const job = jobOf(body, { kind: 'generate', requested, model, prompt, promptText: [system, prompt], keepAlive: keepAlive.ms, startedHr, extraTokens: context })
  if (typeof job === 'string') return sendError(response, 500, job)
  if (prompt === '') return loadOnly(state, job, response)
  await run(state, job, response)
}

interface Message {
  readonly role: string
  readonly content: string
}

/** ChatRequest.messages as encoding/json reads it, or its error; a null message is an empty one. */
function messagesOf(value: unknown): Message[] | string {
  const messages: Message[] = []
  for (const item of Array.isArray(value) ? value : []) {
    const kind = jsonKind(item)
    if (kind !== 'object' && kind !== 'null') return `json: cannot unmarshal ${kind} into Go struct field ChatRequest.messages of type api.Message`
    const record = (item ?? {}) as Record<string, unknown>
    for (const field of ['role', 'content']) {
      const fieldKind = jsonKind(record[field])
      if (fieldKind !== 'string' && fieldKind !== 'undefined' && fieldKind !== 'null') {
        return `json: cannot unmarshal ${fieldKind} into Go struct field ChatRequest.messages.${field} of type string`
      }
    }
    messages.push({ role: String(record['role'] ?? '').toLowerCase(), content: String(record['content'] ?? '') })
  }
  return messages
}

interface JobInput {
  readonly kind: Kind
  readonly requested: string
  readonly model: OllamaModel
  readonly prompt: string
  /** Every text the model reads, for the prompt's token count. */
  readonly promptText: readonly string[]
  readonly keepAlive: KeepAliveMs
  readonly startedHr: bigint
  readonly extraTokens?: number
}

/** The job, or Ollama's words for an option of the wrong type (a 500, as its scheduler reports it). */
function jobOf(body: Readonly<Record<string, unknown>>, input: JobInput): Job | string {
  const options = (body['options'] ?? {}) as Record<string, unknown>
  for (const key of ['seed', 'num_predict', 'num_ctx', 'top_k']) {
    if (options[key] !== undefined && options[key] !== null && typeof options[key] !== 'number') return `option "${key}" must be of type integer`
  }
  for (const key of ['temperature', 'top_p']) {
    if (options[key] !== undefined && options[key] !== null && typeof options[key] !== 'number') return `option "${key}" must be of type float32`
  }
  const stop = options['stop']
  if (stop !== undefined && stop !== null && !Array.isArray(stop)) return 'option "stop" must be of type array'
  if (Array.isArray(stop) && !stop.every((item) => typeof item === 'string')) return 'option "stop" must be of an array of strings'
  const integer = (key: string) => (typeof options[key] === 'number' ? Math.trunc(options[key]) : undefined)
  const format = body['format']
  const settings: AnswerSettings = {
    ...(integer('seed') !== undefined && { seed: integer('seed') }),
    ...(integer('num_predict') !== undefined && { numPredict: integer('num_predict') }),
    ...(Array.isArray(stop) && { stop: stop as string[] }),
    json: format !== undefined && format !== null && format !== ''
  }
  // The template wraps every message in a few tokens of its own.
  const templateTokens = input.kind === 'chat' ? 4 * input.promptText.length + 3 : 8
  const promptTokens = input.promptText.reduce((sum, text) => sum + tokenize(text).length, templateTokens + (input.extraTokens ?? 0))
  return {
    kind: input.kind,
    requested: input.requested,
    model: input.model,
    prompt: input.prompt,
    promptTokens,
    settings,
    numCtx: integer('num_ctx'),
    keepAlive: input.keepAlive,
    stream: body['stream'] !== false,
    startedHr: input.startedHr
  }
}

/** An empty prompt: load the model (or find it loaded), set its keep_alive, answer done_reason "load". */
async function loadOnly(state: OllamaState, job: Job, response: ServerResponse): Promise<void> {
  const signal = requestSignal(response, state.closing)
  try {
    await state.runners.ensureLoaded(job.model, job.numCtx, false, signal)
  } catch {
    return
  }
  state.runners.keepAlive(job.model, job.keepAlive)
  sendJson(response, 200, { ...lineHead(job.kind, job.requested, ''), done: true, done_reason: 'load' })
}

async function run(state: OllamaState, job: Job, response: ServerResponse): Promise<void> {
  const signal = requestSignal(response, state.closing)
  let release: () => void
  try {
    release = await state.runners.acquire(job.model, signal)
  } catch (error) {
    if (error instanceof QueueFullError) sendError(response, 503, error.message)
    return
  }
  const fault = streamFault(state, midStreamErrorMessage)
  const sink = job.stream ? streamSink<Line>(response, fault) : collectSink<Line>(response, fault, gathered)
  try {
    await answer(state, job, sink, signal)
  } catch (error) {
    // An abort means the client left or the server closed: nobody is listening any more.
    if (!signal.aborted) sink.fail(error instanceof Error ? error.message : String(error))
  } finally {
    release()
    if (job.keepAlive === 0) state.runners.expire(job.model)
    else state.runners.keepAlive(job.model, job.keepAlive)
  }
}

async function answer(state: OllamaState, job: Job, sink: LineSink<Line>, signal: AbortSignal): Promise<void> {
  const loadStart = process.hrtime.bigint()
  await state.runners.ensureLoaded(job.model, job.numCtx, true, signal)
  const loadNs = process.hrtime.bigint() - loadStart
  state.runners.keepAlive(job.model, job.keepAlive)

  const promptStart = process.hrtime.bigint()
  await sleepUntil(promptStart + nsFor(job.promptTokens, state.promptTokensPerSecond), signal)
  const promptNs = process.hrtime.bigint() - promptStart

  const completion = emulatedCompletion(job.model.name, job.prompt, job.settings)
  const tokensPerSecond = job.model.tokensPerSecond ?? state.tokensPerSecond
  const evalStart = process.hrtime.bigint()
  for (const [index, step] of completion.steps.entries()) {
    // Deadlines from the start, so the rate holds however late a timer fires.
    await sleepUntil(evalStart + nsFor(index + 1, tokensPerSecond), signal)
    if (step !== '') sink.send({ ...lineHead(job.kind, job.requested, step), done: false })
    if (!sink.open) return
  }
  const evalNs = process.hrtime.bigint() - evalStart
  sink.end({
    ...lineHead(job.kind, job.requested, ''),
    done: true,
    done_reason: completion.doneReason,
    ...(job.kind === 'generate' && { context: contextOf(job, completion.evalCount) }),
    ...metrics({
      total_duration: process.hrtime.bigint() - job.startedHr,
      load_duration: loadNs,
      prompt_eval_count: job.promptTokens,
      prompt_eval_duration: promptNs,
      eval_count: completion.evalCount,
      eval_duration: evalNs
    })
  })
}

/** A line's fields before `done`: api.ChatResponse or api.GenerateResponse, in their order. */
function lineHead(kind: Kind, model: string, text: string): LineHead {
  const head = { model, created_at: goTime(nowNs()) }
  return kind === 'chat' ? { ...head, message: { role: 'assistant', content: text } } : { ...head, response: text }
}

/** api.Metrics: nanoseconds, zero values left out as omitempty does. */
function metrics(values: Readonly<Record<FigureName, bigint | number>>): Partial<Record<FigureName, number>> {
  return Object.fromEntries(Object.entries(values).flatMap(([key, value]) => (Number(value) > 0 ? [[key, Number(value)]] : [])))
}

/** The non-streamed answer: the last line with the whole text in it. */
function gathered(lines: readonly Line[]): object {
  const text = lines.map((line) => ('message' in line ? line.message.content : line.response)).join('')
  const last = lines[lines.length - 1]
  if (last === undefined) return {}
  return 'message' in last ? { ...last, message: { ...last.message, content: text } } : { ...last, response: text }
}

/** The token ids of prompt and answer a generate hands back to continue from. */
function contextOf(job: Job, evalCount: number): number[] {
  const answerTokens = emulatedAnswer(job.model.name, job.prompt, job.settings.seed, job.settings.json).slice(0, evalCount)
  const promptTokens = tokenize(job.prompt)
  const ids = [...promptTokens, ...answerTokens].map(tokenId)
  const template = Array.from({ length: Math.max(0, job.promptTokens - promptTokens.length) }, (_, index) => 128_000 + index)
  return [...template, ...ids]
}

function tokenId(token: string): number {
  let hash = 0x811c9dc5
  for (let i = 0; i < token.length; i++) hash = Math.imul(hash ^ token.charCodeAt(i), 0x01000193)
  return (hash >>> 0) % 128_000
}

function nsFor(tokens: number, perSecond: number): bigint {
  return BigInt(Math.round((tokens / perSecond) * 1e9))
}
