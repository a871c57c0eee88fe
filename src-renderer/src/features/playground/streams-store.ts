import { create } from 'zustand'
import type { AnswerStats } from '../../../../src-shared/ollama'
import { api } from '../../api/api'
import { messageOf } from '../../api/failures'
import { nextFrame } from '../terminals/ack-batcher'
import { applyPending, createStreamQueue, emptyAnswer, type LiveAnswer, type LiveAnswers } from './live-answers'

interface StreamsStore extends LiveAnswers {
  /** Follows `ollama.stream.*` events until the returned function is called. */
  start(): () => void
  /**
   * What a stored message already holds of a stream this page joins late (after a reload, or on
   * opening a conversation whose answer began before the page did). The core's snapshot includes
   * every delta sent before it, so it replaces what this page gathered of the stream so far, applied
   * or still waiting; only an end already received is newer.
   */
  seed(streamId: string, answer: LiveAnswer): void
  /** Resolves with the final answer once the stream has ended. */
  whenEnded(streamId: string): Promise<LiveAnswer>
  /** Stops a streaming answer at once; if the core cannot be told, the page stops waiting for it. */
  stop(streamId: string): Promise<void>
  forget(streamIds: readonly string[]): void
}

const noStats: AnswerStats = { timeToFirstTokenMs: null, tokensPerSecond: null, promptTokens: null, outputTokens: null, totalMs: null, loadMs: null }

/**
 * Every streaming answer of the playground by stream id (chat and compare alike). Deltas of all
 * streams are coalesced into one store update per animation frame, so four columns at hundreds
 * of tokens a second still cost the page one render a frame.
 */
export const useStreamsStore = create<StreamsStore>()((set, get) => {
  const queue = createStreamQueue(
    (flush) => nextFrame(flush),
    (pending) => set(applyPending(get(), pending))
  )

  return {
    streams: {},
    ended: [],

    start() {
      const stopDelta = api().on('ollama.stream.delta', (delta) => queue.delta(delta))
      const stopEnd = api().on('ollama.stream.end', (end) => queue.end(end))
      return () => {
        stopDelta()
        stopEnd()
      }
    },

    seed(streamId, answer) {
      const known = get().streams[streamId]
      if (known && known.status !== 'streaming') return
      queue.discardText(streamId)
      set({ streams: { ...get().streams, [streamId]: answer } })
    },

    whenEnded(streamId) {
      const ended = (answer: LiveAnswer | undefined): answer is LiveAnswer => answer !== undefined && answer.status !== 'streaming'
      const now = get().streams[streamId]
      if (ended(now)) return Promise.resolve(now)
      return new Promise((resolve) => {
        const unsubscribe = useStreamsStore.subscribe((state) => {
          const answer = state.streams[streamId]
          if (!ended(answer)) return
          unsubscribe()
          resolve(answer)
        })
      })
    },

    async stop(streamId) {
      try {
        await api().request('ollama.stop', { streamId })
      } catch (error) {
        // A core that restarted no longer knows the stream: its end would never come.
        const text = (get().streams[streamId] ?? emptyAnswer).text + queue.pendingText(streamId)
        queue.end({ streamId, status: 'interrupted', text, error: `could not stop the answer: ${messageOf(error)}`, errorKind: null, stats: noStats })
      }
    },

    forget(streamIds) {
      const streams = { ...get().streams }
      for (const streamId of streamIds) if (streams[streamId]?.status !== 'streaming') delete streams[streamId]
      set({ streams, ended: get().ended.filter((streamId) => streams[streamId] !== undefined) })
    }
  }
})
