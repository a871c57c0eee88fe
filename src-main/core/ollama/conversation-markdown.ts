import type { AnswerStats, ChatMessage, Conversation } from '../../../src-shared/ollama'

/** An endpoint's name for people, or its id when it is gone. */
type EndpointName = (endpointId: string) => string

/** A conversation as a Markdown document the user can keep, and a file name safe on every OS. */
export function conversationMarkdown(conversation: Conversation, endpointName: EndpointName): { fileName: string; markdown: string } {
  const lines = [`# ${conversation.title}`, '', `- Model: ${conversation.model}@${endpointName(conversation.endpointId)}`]
  lines.push(`- Started: ${new Date(conversation.createdAt).toISOString()}`, '')
  if (conversation.system.trim() !== '') lines.push('## System prompt', '', conversation.system, '')
  for (const message of conversation.messages) lines.push(...messageLines(message, endpointName))
  return { fileName: fileNameFor(conversation.title, conversation.id), markdown: `${lines.join('\n').trimEnd()}\n` }
}

function messageLines(message: ChatMessage, endpointName: EndpointName): string[] {
  if (message.role === 'user') return ['## User', '', message.content, '']
  const answeredBy = message.model && message.endpointId ? ` · ${message.model}@${endpointName(message.endpointId)}` : ''
  const lines = [`## Assistant${answeredBy}`, '']
  if (message.content !== '') lines.push(message.content, '')
  const stats = message.stats && statsLine(message.stats)
  if (stats) lines.push(`*${stats}*`, '')
  const marker = statusMarker(message)
  if (marker) lines.push(`> ${marker}`, '')
  return lines
}

function statusMarker(message: ChatMessage): string | null {
  const because = message.error ? `: ${message.error}` : ''
  switch (message.status) {
    case 'complete':
      return null
    case 'stopped':
      return '**Stopped** by the user; the answer above is partial.'
    case 'interrupted':
      return `**Interrupted**${because}; the answer above is partial.`
    case 'error':
      return `**Error**${because}`
    case 'streaming':
      return '**Still streaming** when exported; the answer above is partial.'
  }
}

function statsLine(stats: AnswerStats): string | null {
  const parts = [
    stats.timeToFirstTokenMs !== null && `${Math.round(stats.timeToFirstTokenMs)} ms to first token`,
    stats.tokensPerSecond !== null && `${stats.tokensPerSecond.toFixed(1)} tokens/s`,
    stats.promptTokens !== null && `${stats.promptTokens} prompt tokens`,
    stats.outputTokens !== null && `${stats.outputTokens} output tokens`,
    stats.totalMs !== null && `${(stats.totalMs / 1000).toFixed(2)} s in all`
  ].filter((part) => part !== false)
  return parts.length > 0 ? parts.join(' · ') : null
}

/** Characters Windows, macOS or Linux refuse in a file name, and control characters. */
const unsafeInFileName = /[<>:"/\\|?*\p{Cc}]/gu
/** Windows takes these for devices whatever follows the first dot: "con.md" and "nul.tar.md" too. */
const reservedOnWindows = /^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³])$/i
const longestBase = 80

export function fileNameFor(title: string, conversationId: number): string {
  const clean = title.replace(unsafeInFileName, ' ').replace(/\s+/g, ' ').trim()
  // Cut by code points, so an emoji at the cut is not split into half a surrogate pair.
  const base = [...clean].slice(0, longestBase).join('').replace(/^[. ]+|[. ]+$/g, '')
  const device = base.split('.')[0]!.trim()
  if (base === '' || reservedOnWindows.test(device)) return `conversation-${conversationId}.md`
  return `${base}.md`
}
