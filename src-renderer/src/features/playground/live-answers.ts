import type { AnswerStats, AnswerStatus, ChatMessage, StreamDelta, StreamEnd, StreamErrorKind } from '../../../../src-shared/ollama'

/** An answer as the page shows it: growing while it streams, final once its end came. */
export interface LiveAnswer {
  readonly text: string
  readonly thinking: string
  readonly status: AnswerStatus
  readonly error: string | null
  readonly errorKind: StreamErrorKind | null
  readonly stats: AnswerStats | null
}

export interface LiveAnswers {
  readonly streams: Readonly<Record<string, LiveAnswer>>
  /** Ended streams, oldest first: the oldest are forgotten past a limit. */
  readonly ended: readonly string[]
}

/** What arrived for one stream since the last frame. */
export interface PendingStream {
  text: string
  thinking: string
  end: StreamEnd | null
}

export const emptyAnswer: LiveAnswer = { text: '', thinking: '', status: 'streaming', error: null, errorKind: null, stats: null }

/** A stored answer, as the page shows it. */
export function answerOfMessage(message: ChatMessage): LiveAnswer {
  return { text: message.content, thinking: message.thinking, status: message.status, error: message.error, errorKind: message.errorKind, stats: message.stats }
}

/** Readers copy a final answer where they keep it (a conversation, a benchmark); a few hundred are plenty. */
const keptEndedStreams = 200

/** Applies one frame's worth of deltas and ends to every stream at once. */
export function applyPending(state: LiveAnswers, pending: ReadonlyMap<string, PendingStream>, keep = keptEndedStreams): LiveAnswers {
  if (pending.size === 0) return state
  const streams: Record<string, LiveAnswer> = { ...state.streams }
  let ended = [...state.ended]
  for (const [streamId, arrived] of pending) {
    const before = streams[streamId] ?? emptyAnswer
    if (before.status !== 'streaming') continue
    const end = arrived.end
    if (end) {
      streams[streamId] = {
        text: end.text,
        thinking: before.thinking + arrived.thinking,
        status: end.status,
        error: end.error,
        errorKind: end.errorKind,
        stats: end.stats
      }
      ended.push(streamId)
    } else {
      streams[streamId] = { ...before, text: before.text + arrived.text, thinking: before.thinking + arrived.thinking }
    }
  }
  if (ended.length > keep) {
    for (const streamId of ended.slice(0, ended.length - keep)) delete streams[streamId]
    ended = ended.slice(ended.length - keep)
  }
  return { streams, ended }
}

export interface StreamQueue {
  delta(delta: StreamDelta): void
  end(end: StreamEnd): void
  /** Text received for a stream and not yet applied. */
  pendingText(streamId: string): string
  /** Drops the text waiting for a stream: a snapshot that already holds it replaces it. */
  discardText(streamId: string): void
}

/**
 * Collects deltas and ends of every stream and hands them over together once per `schedule`
 * (an animation frame): however many streams and tokens, the page updates once a frame.
 */
export function createStreamQueue(schedule: (flush: () => void) => void, apply: (pending: ReadonlyMap<string, PendingStream>) => void): StreamQueue {
  let pending = new Map<string, PendingStream>()
  let scheduled = false

  const flush = () => {
    scheduled = false
    const batch = pending
    pending = new Map()
    apply(batch)
  }
  const entry = (streamId: string) => {
    let found = pending.get(streamId)
    if (!found) {
      found = { text: '', thinking: '', end: null }
      pending.set(streamId, found)
    }
    if (!scheduled) {
      scheduled = true
      schedule(flush)
    }
    return found
  }

  return {
    delta(delta) {
      const found = entry(delta.streamId)
      if (found.end) return
      found.text += delta.text
      found.thinking += delta.thinking
    },
    end(end) {
      // The first end is the stream's: one the page made up after a failed stop must not replace the core's.
      entry(end.streamId).end ??= end
    },
    pendingText: (streamId) => pending.get(streamId)?.text ?? '',
    discardText(streamId) {
      const found = pending.get(streamId)
      if (!found) return
      found.text = ''
      found.thinking = ''
    }
  }
}
