import type { AnswerStats } from '../../../../src-shared/ollama'
import { formatMs } from '../health/format'

export function formatTokensPerSecond(value: number): string {
  return `${value >= 100 ? value.toFixed(0) : value.toFixed(1)} tokens/s`
}

function plural(count: number, one: string): string {
  return `${count} ${one}${count === 1 ? '' : 's'}`
}

/** An answer's figures line: "first token 120 ms · 45.3 tokens/s · 12 prompt tokens · 200 output tokens". */
export function answerFigures(stats: AnswerStats | null): string[] {
  if (!stats) return []
  const parts: string[] = []
  if (stats.timeToFirstTokenMs !== null) parts.push(`first token ${formatMs(stats.timeToFirstTokenMs)}`)
  if (stats.tokensPerSecond !== null) parts.push(formatTokensPerSecond(stats.tokensPerSecond))
  if (stats.promptTokens !== null) parts.push(plural(stats.promptTokens, 'prompt token'))
  if (stats.outputTokens !== null) parts.push(plural(stats.outputTokens, 'output token'))
  if (stats.loadMs !== null && stats.loadMs >= 1000) parts.push(`model load ${formatMs(stats.loadMs)}`)
  return parts
}
