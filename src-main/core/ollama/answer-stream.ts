import type { Options } from 'ollama'
import { performance } from 'node:perf_hooks'
import type { AnswerStats, AnswerStatus, GenerationOptions, OllamaEndpoint, StreamDelta, StreamEnd } from '../../../src-shared/ollama'
import { asOllamaError, type OllamaHttp } from './ollama-http'

export interface ChatTurn {
  readonly role: 'system' | 'user' | 'assistant'
  readonly content: string
}

/** What to ask: a conversation (/api/chat) or a one-off prompt (/api/generate). */
export type AnswerRequest =
  | { readonly kind: 'chat'; readonly messages: readonly ChatTurn[] }
  | { readonly kind: 'generate'; readonly prompt: string; readonly system: string }

export interface AnswerSpec {
  readonly endpoint: OllamaEndpoint
  readonly model: string
  readonly options: GenerationOptions
  readonly request: AnswerRequest
}

/** How an answer ended, with the thinking the event leaves out. */
export type AnswerEnd = StreamEnd & { readonly thinking: string }

export interface AnswerObserver {
  /** After each chunk: the whole answer so far. */
  progress?(text: string, thinking: string): void
  /** Before the end event goes out. */
  end?(end: AnswerEnd): void
}

export interface AnswerStreamsOptions {
  readonly http: OllamaHttp
  readonly emitDelta: (delta: StreamDelta) => void
  readonly emitEnd: (end: StreamEnd) => void
  /** Least time between two deltas of one stream; the first goes at once. */
  readonly coalesceMs?: number
}

interface LiveAnswer {
  readonly streamId: string
  readonly observer: AnswerObserver
  readonly controller: AbortController
  text: string
  thinking: string
  pendingText: string
  pendingThinking: string
  /** When the request went out: time to first token counts from here. */
  readonly sentAt: number
  firstTokenAt: number | null
  lastDeltaAt: number
  timer: NodeJS.Timeout | undefined
  ended: boolean
}

type Outcome = Pick<StreamEnd, 'error' | 'errorKind'> & { readonly status: Exclude<AnswerStatus, 'streaming'>; readonly final?: Record<string, unknown> }

/**
 * Streams answers from Ollama: the first token is passed on at once, the rest coalesced into at
 * most one delta per `coalesceMs`, and each stream ends with exactly one end event.
 */
export class AnswerStreams {
  private nextId = 1
  private readonly live = new Map<string, LiveAnswer>()
  private readonly coalesceMs: number

  constructor(private readonly options: AnswerStreamsOptions) {
    this.coalesceMs = options.coalesceMs ?? 16
  }

  /** Sends the request and returns the id its events carry. */
  start(spec: AnswerSpec, observer: AnswerObserver = {}): string {
    const answer: LiveAnswer = {
      streamId: `s${this.nextId++}`,
      observer,
      controller: new AbortController(),
      text: '',
      thinking: '',
      pendingText: '',
      pendingThinking: '',
      sentAt: performance.now(),
      firstTokenAt: null,
      lastDeltaAt: 0,
      timer: undefined,
      ended: false
    }
    this.live.set(answer.streamId, answer)
    void this.run(answer, spec)
    return answer.streamId
  }

  /** The text the stream's deltas have carried so far: a page that opens it now goes on from there with the next delta. */
  sentSoFar(streamId: string): { text: string; thinking: string } | undefined {
    const answer = this.live.get(streamId)
    if (!answer) return undefined
    return {
      text: answer.text.slice(0, answer.text.length - answer.pendingText.length),
      thinking: answer.thinking.slice(0, answer.thinking.length - answer.pendingThinking.length)
    }
  }

  /** Ends the answer now, keeping its text; closing the request tells Ollama to stop. False when no such answer is streaming. */
  stop(streamId: string): boolean {
    const answer = this.live.get(streamId)
    if (!answer) return false
    this.end(answer, { status: 'stopped', error: null, errorKind: null })
    return true
  }

  close(): void {
    for (const answer of this.live.values()) {
      this.end(answer, { status: 'interrupted', error: 'the console closed before the answer was complete', errorKind: null })
    }
  }

  private async run(answer: LiveAnswer, spec: AnswerSpec): Promise<void> {
    const { json, ...sampling } = spec.options
    const common = { model: spec.model, options: sampling satisfies Partial<Options>, format: json ? 'json' : undefined, stream: true as const }
    let final: Record<string, unknown> | undefined
    try {
      // Inside the try: whatever fails, the answer gets its end event and the page stops waiting.
      const client = this.options.http.answer(spec.endpoint, answer.controller.signal)
      if (spec.request.kind === 'chat') {
        const stream = await client.chat({ ...common, messages: [...spec.request.messages] })
        for await (const part of stream) {
          if (answer.ended) return
          this.append(answer, part.message?.content, part.message?.thinking)
          if (part.done) final = part as unknown as Record<string, unknown>
        }
      } else {
        const stream = await client.generate({ ...common, prompt: spec.request.prompt, system: spec.request.system || undefined })
        for await (const part of stream) {
          if (answer.ended) return
          this.append(answer, part.response, part.thinking)
          if (part.done) final = part as unknown as Record<string, unknown>
        }
      }
      if (!answer.ended) this.end(answer, { status: 'complete', error: null, errorKind: null, final })
    } catch (error) {
      if (answer.ended) return
      const failure = asOllamaError(spec.endpoint, error)
      if (failure.kind === 'interrupted') this.end(answer, { status: 'interrupted', error: failure.message, errorKind: null })
      else this.end(answer, { status: 'error', error: failure.message, errorKind: failure.kind })
    }
  }

  private append(answer: LiveAnswer, text: unknown, thinking: unknown): void {
    const textPart = typeof text === 'string' ? text : ''
    const thinkingPart = typeof thinking === 'string' ? thinking : ''
    if (textPart === '' && thinkingPart === '') return
    answer.text += textPart
    answer.thinking += thinkingPart
    answer.pendingText += textPart
    answer.pendingThinking += thinkingPart
    answer.observer.progress?.(answer.text, answer.thinking)
    if (answer.firstTokenAt === null) {
      answer.firstTokenAt = performance.now()
      return this.flush(answer)
    }
    if (answer.timer) return
    const waitMs = this.coalesceMs - (performance.now() - answer.lastDeltaAt)
    if (waitMs <= 0) this.flush(answer)
    else answer.timer = setTimeout(() => this.flush(answer), waitMs)
  }

  private flush(answer: LiveAnswer): void {
    clearTimeout(answer.timer)
    answer.timer = undefined
    if (answer.pendingText === '' && answer.pendingThinking === '') return
    answer.lastDeltaAt = performance.now()
    const delta: StreamDelta = { streamId: answer.streamId, text: answer.pendingText, thinking: answer.pendingThinking }
    answer.pendingText = ''
    answer.pendingThinking = ''
    this.options.emitDelta(delta)
  }

  private end(answer: LiveAnswer, outcome: Outcome): void {
    answer.ended = true
    this.live.delete(answer.streamId)
    this.flush(answer)
    answer.controller.abort()
    const timeToFirstTokenMs = answer.firstTokenAt === null ? null : answer.firstTokenAt - answer.sentAt
    const end: AnswerEnd = {
      streamId: answer.streamId,
      status: outcome.status,
      text: answer.text,
      thinking: answer.thinking,
      error: outcome.error,
      errorKind: outcome.errorKind,
      stats: statsOf(outcome.final, timeToFirstTokenMs)
    }
    try {
      answer.observer.end?.(end)
    } catch (error) {
      // The page still gets its end event; a failure to keep the answer must not become an unhandled rejection.
      console.error(`Homelab Console: the end of answer ${answer.streamId} was not stored:`, error)
    }
    const { thinking: _thinking, ...event } = end
    this.options.emitEnd(event)
  }
}

/** The figures of Ollama's last line (durations in nanoseconds); a field it left out, as it does zeros, is null. */
export function statsOf(final: Record<string, unknown> | undefined, timeToFirstTokenMs: number | null): AnswerStats {
  const positive = (value: unknown) => (typeof value === 'number' && value > 0 ? value : null)
  const ms = (value: unknown) => {
    const ns = positive(value)
    return ns === null ? null : ns / 1e6
  }
  const outputTokens = positive(final?.['eval_count'])
  const evalNs = positive(final?.['eval_duration'])
  return {
    timeToFirstTokenMs,
    tokensPerSecond: outputTokens !== null && evalNs !== null ? (outputTokens / evalNs) * 1e9 : null,
    promptTokens: positive(final?.['prompt_eval_count']),
    outputTokens,
    totalMs: ms(final?.['total_duration']),
    loadMs: ms(final?.['load_duration'])
  }
}
