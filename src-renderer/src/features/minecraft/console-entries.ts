import { parseLogLine } from './ansi-codes'
import { parseFormatted } from './text-component'
import { plainText, type Segment } from './text-style'

/** The console keeps this many entries; older ones leave from the top. */
export const maxEntries = 5000

export interface LogLineEntry {
  readonly id: number
  readonly kind: 'line'
  readonly segments: readonly Segment[]
  /** The text without its codes, what the filter searches. */
  readonly plain: string
}

export interface CommandEntry {
  readonly id: number
  readonly kind: 'command'
  readonly command: string
  readonly status: 'sending' | 'answered' | 'failed'
  readonly reply: readonly Segment[]
  readonly replyPlain: string
  readonly error: string | null
}

/** A line the console itself writes (e.g. that the log was read again after a reconnect). */
export interface NoticeEntry {
  readonly id: number
  readonly kind: 'notice'
  readonly text: string
}

export type ConsoleEntry = LogLineEntry | CommandEntry | NoticeEntry

let nextId = 1
const newId = () => nextId++

export function lineEntry(line: string): LogLineEntry {
  const segments = parseLogLine(line)
  return { id: newId(), kind: 'line', segments, plain: plainText(segments) }
}

export function commandEntry(command: string): CommandEntry {
  return { id: newId(), kind: 'command', command, status: 'sending', reply: [], replyPlain: '', error: null }
}

export function noticeEntry(text: string): NoticeEntry {
  return { id: newId(), kind: 'notice', text }
}

export function answered(entry: CommandEntry, reply: string): CommandEntry {
  const segments = parseFormatted(reply)
  return { ...entry, status: 'answered', reply: segments, replyPlain: plainText(segments) }
}

export function failed(entry: CommandEntry, error: string): CommandEntry {
  return { ...entry, status: 'failed', error }
}

/** `entries` with `added` after them, the oldest dropped beyond `cap`. */
export function appendCapped(entries: readonly ConsoleEntry[], added: readonly ConsoleEntry[], cap = maxEntries): readonly ConsoleEntry[] {
  if (added.length === 0) return entries
  const all = entries.length === 0 ? added : [...entries, ...added]
  return all.length > cap ? all.slice(all.length - cap) : all
}

/** Entries whose text holds the filter, ignoring case; a command matches by itself, its reply or its error. */
export function filterEntries(entries: readonly ConsoleEntry[], filter: string): readonly ConsoleEntry[] {
  const needle = filter.trim().toLowerCase()
  if (needle === '') return entries
  return entries.filter((entry) => {
    const text = entry.kind === 'line' ? entry.plain : entry.kind === 'command' ? `${entry.command}\n${entry.replyPlain}\n${entry.error ?? ''}` : entry.text
    return text.toLowerCase().includes(needle)
  })
}
