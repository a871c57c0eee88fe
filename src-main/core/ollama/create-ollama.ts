import type { Inventory } from '../../../src-shared/inventory'
import type { EventHub } from '../events'
import type { Handlers } from '../rpc/dispatcher'
import type { StoreDatabase } from '../store/database'
import { AnswerStreams } from './answer-stream'
import { ChatService } from './chat-service'
import { ConversationStore } from './conversation-store'
import { OllamaEndpoints } from './endpoints'
import { ModelActions } from './model-actions'
import { createOllamaHttp, type OllamaTimeouts } from './ollama-http'
import { fetchOverview } from './overview'
import { PromptStore } from './prompt-store'
import { PullManager } from './pulls'

/** What tests may shorten: the timeouts of calls to Ollama and the pace of events and saves. */
export interface OllamaTuning {
  readonly timeouts?: Partial<OllamaTimeouts>
  /** Least time between two deltas of one answer (default 16 ms). */
  readonly coalesceMs?: number
  /** Least time between two progress events of one pull (default 125 ms). */
  readonly pullProgressMs?: number
  /** Least time between two saves of a streaming answer's text (default 1 s). */
  readonly saveIntervalMs?: number
}

export interface OllamaOptions {
  readonly db: StoreDatabase
  readonly events: EventHub
  readonly tuning?: OllamaTuning
}

type OllamaHandlerName = Extract<keyof Handlers, `ollama.${string}` | `chat.${string}` | `prompts.${string}`>

export interface OllamaFeature {
  readonly handlers: Pick<Handlers, OllamaHandlerName>
  apply(inventory: Inventory): void
  /** Ends every answer (kept as interrupted) and pull; call before the database closes. */
  close(): void
}

/** The Ollama playground: endpoints, models, pulls, streamed answers, conversations and saved prompts. */
export function createOllama(options: OllamaOptions): OllamaFeature {
  const { db, events, tuning = {} } = options
  const http = createOllamaHttp(tuning.timeouts)
  const changed = (endpointId: string) => events.emit('ollama.changed', { endpointId })
  const endpoints = new OllamaEndpoints(db, (list) => events.emit('ollama.endpoints', list))
  const models = new ModelActions(http, changed)
  const pulls = new PullManager({
    http,
    emit: (progress) => events.emit('ollama.pullProgress', progress),
    changed,
    ...(tuning.pullProgressMs !== undefined && { progressIntervalMs: tuning.pullProgressMs })
  })
  const streams = new AnswerStreams({
    http,
    emitDelta: (delta) => events.emit('ollama.stream.delta', delta),
    emitEnd: (end) => events.emit('ollama.stream.end', end),
    ...(tuning.coalesceMs !== undefined && { coalesceMs: tuning.coalesceMs })
  })
  const conversations = new ConversationStore(db)
  const prompts = new PromptStore(db)
  const chat = new ChatService({
    store: conversations,
    streams,
    endpoints,
    ...(tuning.saveIntervalMs !== undefined && { saveIntervalMs: tuning.saveIntervalMs })
  })

  const handlers: OllamaFeature['handlers'] = {
    'ollama.endpoints': () => endpoints.list(),
    'ollama.addEndpoint': ({ url, name }) => endpoints.add(url, name),
    'ollama.removeEndpoint': ({ endpointId }) => {
      endpoints.remove(endpointId)
      return {}
    },
    'ollama.overview': ({ endpointId }) => fetchOverview(http, endpoints.get(endpointId)),
    'ollama.pull': ({ endpointId, model }) => pulls.start(endpoints.get(endpointId), model),
    'ollama.pulls': () => pulls.list(),
    'ollama.cancelPull': ({ pullId }) => {
      pulls.cancel(pullId)
      return {}
    },
    'ollama.delete': async ({ endpointId, model }) => {
      await models.delete(endpoints.get(endpointId), model)
      return {}
    },
    'ollama.load': async ({ endpointId, model, keepAlive }) => {
      await models.load(endpoints.get(endpointId), model, keepAlive)
      return {}
    },
    'ollama.unload': async ({ endpointId, model }) => {
      await models.unload(endpoints.get(endpointId), model)
      return {}
    },
    'ollama.generate': (input) => chat.generate(input),
    'ollama.stop': ({ streamId }) => {
      chat.stop(streamId)
      return {}
    },
    'chat.send': (input) => chat.send(input),
    'chat.list': ({ query }) => conversations.list(query),
    'chat.get': ({ conversationId }) => chat.get(conversationId),
    'chat.rename': ({ conversationId, title }) => conversations.rename(conversationId, title),
    'chat.delete': ({ conversationId }) => {
      chat.delete(conversationId)
      return {}
    },
    'chat.export': ({ conversationId }) => chat.export(conversationId),
    'prompts.list': () => prompts.list(),
    'prompts.save': (input) => prompts.save(input),
    'prompts.delete': ({ id }) => {
      prompts.delete(id)
      return {}
    }
  }

  return {
    handlers,
    apply: (inventory) => endpoints.apply(inventory),
    close() {
      streams.close()
      pulls.close()
    }
  }
}
