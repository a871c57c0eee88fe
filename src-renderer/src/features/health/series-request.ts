import type { ChartRange, SeriesReply } from '../../../../src-shared/health'
import { api } from '../../api/api'
import { chunkKeys } from './chart-specs'

/** Merges the replies of one target's key groups: their series side by side, their errors together. */
export function mergeReplies(replies: readonly SeriesReply[]): SeriesReply | null {
  const [first] = replies
  if (!first) return null
  const errors = [...new Set(replies.map((reply) => reply.error).filter((error) => error !== null))]
  return {
    from: Math.min(...replies.map((reply) => reply.from)),
    to: Math.max(...replies.map((reply) => reply.to)),
    source: first.source,
    series: Object.assign({}, ...replies.map((reply) => reply.series)) as SeriesReply['series'],
    error: errors.length > 0 ? errors.join('; ') : null
  }
}

/** A target's series for any number of keys, in as many requests as the contract needs. */
export async function fetchSeries(target: string, keys: readonly string[], range: ChartRange): Promise<SeriesReply | null> {
  const replies = await Promise.all(chunkKeys(keys).map((chunk) => api().request('health.series', { target, keys: chunk, range })))
  return mergeReplies(replies)
}
