import { z } from 'zod'

/**
 * The Ollama playground as the renderer sees it: endpoints and their models, streamed answers,
 * stored conversations and saved prompts. Every call to an Ollama server is made by the core.
 */

/** "pi-primary/ollama" for a service of the inventory, "adhoc-3" for a URL the user added. */
export const EndpointId = z.string().regex(/^(?:[a-z0-9][a-z0-9-]*\/[a-z0-9][a-z0-9-]*|adhoc-[0-9]{1,9})$/)
export type EndpointId = z.infer<typeof EndpointId>

/** A model name as Ollama spells it: "llama3.2:1b", "hf.co/org/model:Q4_K_M", "library/x:latest". */
export const ModelName = z
  .string()
  .min(1)
  .max(300)
  .regex(/^[A-Za-z0-9][A-Za-z0-9._\-/:@]*$/, 'not a model name')
export type ModelName = z.infer<typeof ModelName>

function parsedUrl(text: string): URL | null {
  try {
    return new URL(text)
  } catch {
    return null
  }
}

/** Where an Ollama answers; a path is kept (a reverse proxy's), a query or fragment the client would silently drop is refused. */
export const OllamaUrl = z
  .string()
  .max(2048)
  .refine((text) => {
    const url = parsedUrl(text)
    return url !== null && (url.protocol === 'http:' || url.protocol === 'https:') && url.username === '' && url.password === ''
  }, 'an http:// or https:// address, e.g. http://192.168.1.20:11434')
  .refine((text) => !/[?#]/.test(text), 'an address without "?…" or "#…": Ollama is reached at its host, port and path alone')

export const OllamaEndpoint = z.object({
  id: EndpointId,
  /** "Pi Primary › Ollama" or the name the user gave an ad-hoc URL. */
  name: z.string(),
  url: z.string(),
  nodeId: z.string().nullable(),
  adhoc: z.boolean()
})
export type OllamaEndpoint = z.infer<typeof OllamaEndpoint>

export const OllamaModelInfo = z.object({
  name: z.string(),
  family: z.string().nullable(),
  parameterSize: z.string().nullable(),
  quantization: z.string().nullable(),
  /** Bytes on disk. */
  size: z.number(),
  modifiedAt: z.string().nullable()
})
export type OllamaModelInfo = z.infer<typeof OllamaModelInfo>

export const LoadedModelInfo = z.object({
  name: z.string(),
  /** Bytes in memory, and how many of them on the GPU. */
  size: z.number(),
  sizeVram: z.number(),
  /** ISO time Ollama unloads it; null when it stays loaded (keep_alive -1). */
  expiresAt: z.string().nullable(),
  contextLength: z.number().nullable()
})
export type LoadedModelInfo = z.infer<typeof LoadedModelInfo>

export const EndpointOverview = z.object({
  endpointId: EndpointId,
  version: z.string(),
  models: z.array(OllamaModelInfo),
  loaded: z.array(LoadedModelInfo)
})
export type EndpointOverview = z.infer<typeof EndpointOverview>

/** Ollama's sampling options the playground offers; absent means the model's default. */
export const GenerationOptions = z.strictObject({
  temperature: z.number().min(0).max(5).optional(),
  top_p: z.number().min(0).max(1).optional(),
  top_k: z.number().int().min(0).max(1000).optional(),
  num_ctx: z.number().int().min(1).max(1_048_576).optional(),
  seed: z.number().int().min(-2_147_483_648).max(2_147_483_647).optional(),
  num_predict: z.number().int().min(-2).max(1_000_000).optional(),
  stop: z.array(z.string().min(1).max(200)).max(8).optional(),
  /** Ask for a JSON answer (Ollama's `format: "json"`). */
  json: z.boolean().optional()
})
export type GenerationOptions = z.infer<typeof GenerationOptions>

/** Figures of one answer, from the server's final line (durations there are in nanoseconds). */
export const AnswerStats = z.object({
  /** From sending the request to the first token, as the console saw it. */
  timeToFirstTokenMs: z.number().nullable(),
  tokensPerSecond: z.number().nullable(),
  promptTokens: z.number().nullable(),
  outputTokens: z.number().nullable(),
  totalMs: z.number().nullable(),
  loadMs: z.number().nullable()
})
export type AnswerStats = z.infer<typeof AnswerStats>

/** Why an answer did not complete, so the page can offer the right way out ("Pull" for a missing model). */
export const StreamErrorKind = z.enum(['model-not-found', 'unreachable', 'timeout', 'busy', 'server', 'bad-reply'])
export type StreamErrorKind = z.infer<typeof StreamErrorKind>

/** complete; stopped by the user; interrupted (the stream was cut, the text so far is kept); error. */
export const AnswerStatus = z.enum(['streaming', 'complete', 'stopped', 'interrupted', 'error'])
export type AnswerStatus = z.infer<typeof AnswerStatus>

export const StreamId = z.string().regex(/^s[0-9]{1,12}$/)
export type StreamId = z.infer<typeof StreamId>

/** Text appended to a streaming answer, coalesced (the first token is sent at once). */
export const StreamDelta = z.object({ streamId: StreamId, text: z.string(), thinking: z.string() })
export type StreamDelta = z.infer<typeof StreamDelta>

export const StreamEnd = z.object({
  streamId: StreamId,
  status: AnswerStatus.exclude(['streaming']),
  /** The whole answer as kept (also when stopped or interrupted). */
  text: z.string(),
  error: z.string().nullable(),
  errorKind: StreamErrorKind.nullable(),
  stats: AnswerStats
})
export type StreamEnd = z.infer<typeof StreamEnd>

export const ConversationId = z.number().int().positive()
export const MessageRole = z.enum(['user', 'assistant'])

export const ChatMessage = z.object({
  id: z.number().int().positive(),
  role: MessageRole,
  content: z.string(),
  thinking: z.string(),
  createdAt: z.number(),
  /** The model and endpoint that answered (assistant messages). */
  model: z.string().nullable(),
  endpointId: z.string().nullable(),
  status: AnswerStatus,
  error: z.string().nullable(),
  errorKind: StreamErrorKind.nullable(),
  stats: AnswerStats.nullable(),
  /** The stream still writing this answer, while it is. */
  streamId: StreamId.nullable()
})
export type ChatMessage = z.infer<typeof ChatMessage>

export const ConversationSummary = z.object({
  id: ConversationId,
  title: z.string(),
  endpointId: z.string(),
  model: z.string(),
  createdAt: z.number(),
  updatedAt: z.number(),
  messageCount: z.number().int()
})
export type ConversationSummary = z.infer<typeof ConversationSummary>

export const Conversation = ConversationSummary.extend({
  system: z.string(),
  options: GenerationOptions,
  messages: z.array(ChatMessage)
})
export type Conversation = z.infer<typeof Conversation>

const PromptText = z.string().min(1).max(200_000)
const SystemText = z.string().max(50_000)
const Title = z.string().trim().min(1).max(200)

/** A new conversation's title: the first line of its first prompt, cut near 60 characters (the core stores it, the page shows it at once). */
export function titleFrom(prompt: string): string {
  const line = prompt.split('\n').map((text) => text.replace(/\s+/g, ' ').trim()).find((text) => text !== '') ?? ''
  if (line === '') return 'New conversation'
  if (line.length <= 60) return line
  const cut = line.slice(0, 59)
  const atWord = cut.lastIndexOf(' ')
  return `${(atWord >= 40 ? cut.slice(0, atWord) : cut).trimEnd()}…`
}

export const ChatSendInput = z.strictObject({
  /** Absent: a new conversation, titled from the prompt. */
  conversationId: ConversationId.optional(),
  endpointId: EndpointId,
  model: ModelName,
  system: SystemText,
  options: GenerationOptions,
  content: PromptText
})
export type ChatSendInput = z.infer<typeof ChatSendInput>

export const ChatSendReply = z.object({
  conversationId: ConversationId,
  /** The user's message (stored before anything is sent) and the answer being streamed. */
  userMessage: ChatMessage,
  answer: ChatMessage
})
export type ChatSendReply = z.infer<typeof ChatSendReply>

export const GenerateInput = z.strictObject({
  endpointId: EndpointId,
  model: ModelName,
  system: SystemText,
  prompt: PromptText,
  options: GenerationOptions
})
export type GenerateInput = z.infer<typeof GenerateInput>

export const SavedPrompt = z.object({
  id: z.number().int().positive(),
  title: z.string(),
  prompt: z.string(),
  system: z.string(),
  updatedAt: z.number()
})
export type SavedPrompt = z.infer<typeof SavedPrompt>

export const SavePromptInput = z.strictObject({
  id: z.number().int().positive().optional(),
  title: Title,
  prompt: PromptText,
  system: SystemText
})

export const PullLayer = z.object({ digest: z.string(), total: z.number(), completed: z.number() })
export type PullLayer = z.infer<typeof PullLayer>

export const PullId = z.string().regex(/^p[0-9]{1,12}$/)

export const PullProgress = z.object({
  pullId: PullId,
  endpointId: EndpointId,
  model: z.string(),
  /** Ollama's latest status line: "pulling manifest", "pulling 6a0746a1ec1a", "verifying sha256 digest"… */
  status: z.string(),
  layers: z.array(PullLayer),
  state: z.enum(['running', 'done', 'cancelled', 'failed']),
  error: z.string().nullable()
})
export type PullProgress = z.infer<typeof PullProgress>

export const EndpointModel = z.strictObject({ endpointId: EndpointId, model: ModelName })

export const AddEndpointInput = z.strictObject({ url: OllamaUrl, name: z.string().trim().max(100).optional() })
