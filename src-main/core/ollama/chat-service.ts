import { performance } from 'node:perf_hooks'
import { titleFrom, type ChatMessage, type ChatSendInput, type ChatSendReply, type Conversation, type GenerateInput } from '../../../src-shared/ollama'
import type { AnswerStreams, ChatTurn } from './answer-stream'
import { conversationMarkdown } from './conversation-markdown'
import type { ConversationStore } from './conversation-store'
import type { OllamaEndpoints } from './endpoints'

export interface ChatServiceOptions {
  readonly store: ConversationStore
  readonly streams: AnswerStreams
  readonly endpoints: OllamaEndpoints
  /** Least time between two saves of an answer's text while it streams. */
  readonly saveIntervalMs?: number
}

interface LiveAnswer {
  readonly streamId: string
  readonly conversationId: number
}

/** Answers that count as part of the conversation the model is shown again. */
const answeredStatuses = new Set<ChatMessage['status']>(['complete', 'stopped', 'interrupted'])

/**
 * Chat on stored conversations: what the user typed is stored before anything is sent, and the
 * answer is kept as it streams, so neither is lost when a stream, or the console, stops.
 */
export class ChatService {
  /** Answers streaming now, by message id. */
  private readonly live = new Map<number, LiveAnswer>()
  private readonly saveIntervalMs: number

  constructor(private readonly options: ChatServiceOptions) {
    this.saveIntervalMs = options.saveIntervalMs ?? 1000
  }

  send(input: ChatSendInput): ChatSendReply {
    const { store, streams, endpoints } = this.options
    const endpoint = endpoints.get(input.endpointId)
    if (input.conversationId !== undefined && [...this.live.values()].some((answer) => answer.conversationId === input.conversationId)) {
      throw new Error('an answer is still streaming in this conversation: stop it or wait for it to end')
    }
    const settings = { endpointId: input.endpointId, model: input.model, system: input.system, options: input.options }
    const { conversationId, history, userMessage, answer } = store.transaction(() => {
      const conversationId = input.conversationId ?? store.create(titleFrom(input.content), settings)
      if (input.conversationId !== undefined) store.updateSettings(conversationId, settings)
      const history = store.messages(conversationId)
      const userMessage = store.addMessage(conversationId, { role: 'user', content: input.content, model: null, endpointId: null, status: 'complete' })
      const answer = store.addMessage(conversationId, { role: 'assistant', content: '', model: input.model, endpointId: endpoint.id, status: 'streaming' })
      return { conversationId, history, userMessage, answer }
    })
    const messages: ChatTurn[] = [
      ...(input.system.trim() === '' ? [] : [{ role: 'system' as const, content: input.system }]),
      ...previousTurns(history),
      { role: 'user', content: input.content }
    ]
    let savedAt = performance.now()
    const streamId = streams.start(
      { endpoint, model: input.model, options: input.options, request: { kind: 'chat', messages } },
      {
        progress: (text, thinking) => {
          if (performance.now() - savedAt < this.saveIntervalMs) return
          savedAt = performance.now()
          store.saveText(answer.id, text, thinking)
        },
        end: ({ status, text, thinking, error, errorKind, stats }) => {
          this.live.delete(answer.id)
          store.finishAnswer(answer.id, { status, text, thinking, error, errorKind, stats })
        }
      }
    )
    this.live.set(answer.id, { streamId, conversationId })
    return { conversationId, userMessage, answer: { ...answer, streamId } }
  }

  /** A one-off answer that is not stored (compare and benchmark columns). */
  generate(input: GenerateInput): { streamId: string } {
    const endpoint = this.options.endpoints.get(input.endpointId)
    const request = { kind: 'generate' as const, prompt: input.prompt, system: input.system }
    return { streamId: this.options.streams.start({ endpoint, model: input.model, options: input.options, request }) }
  }

  /**
   * Fails for an answer that is not streaming: its end has gone out already (the page has it, or
   * missed it while disconnected), or a restarted console never knew it. Either way the page must
   * stop waiting for an end that will not come.
   */
  stop(streamId: string): void {
    if (!this.options.streams.stop(streamId)) throw new Error('that answer is no longer streaming: it ended, or the console restarted since')
  }

  /** The stored conversation; an answer still streaming has its stream id and the text its events carried so far. */
  get(conversationId: number): Conversation {
    const conversation = this.options.store.get(conversationId)
    const messages = conversation.messages.map((message) => {
      const live = this.live.get(message.id)
      const sent = live && this.options.streams.sentSoFar(live.streamId)
      return live && sent ? { ...message, content: sent.text, thinking: sent.thinking, streamId: live.streamId } : message
    })
    return { ...conversation, messages }
  }

  delete(conversationId: number): void {
    for (const answer of [...this.live.values()]) if (answer.conversationId === conversationId) this.options.streams.stop(answer.streamId)
    this.options.store.delete(conversationId)
  }

  export(conversationId: number): { fileName: string; markdown: string } {
    const endpoints = this.options.endpoints.list()
    return conversationMarkdown(this.get(conversationId), (id) => endpoints.find((endpoint) => endpoint.id === id)?.name ?? id)
  }
}

/** The earlier questions with the answers they got; a question whose answer failed is left out with it. */
function previousTurns(history: readonly ChatMessage[]): ChatTurn[] {
  return history.flatMap((message, index): ChatTurn[] => {
    const answer = history[index + 1]
    if (message.role !== 'user' || answer?.role !== 'assistant' || !answeredStatuses.has(answer.status) || answer.content === '') return []
    return [
      { role: 'user', content: message.content },
      { role: 'assistant', content: answer.content }
    ]
  })
}
