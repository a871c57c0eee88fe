import { appendSectionText, parseSectionCodes } from './section-codes'
import { hexColor, isMinecraftColor, plainStyle, type Segment, type TextStyle } from './text-style'

/** Deeper nesting than any server sends: a hostile MOTD cannot exhaust the stack. */
const maxDepth = 32

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function flag(value: unknown, inherited: boolean): boolean {
  return typeof value === 'boolean' ? value : inherited
}

function componentStyle(component: Record<string, unknown>, parent: TextStyle): TextStyle {
  const color = typeof component.color === 'string' ? component.color.toLowerCase() : null
  return {
    color: color === null ? parent.color : isMinecraftColor(color) ? color : (hexColor(color) ?? parent.color),
    bold: flag(component.bold, parent.bold),
    italic: flag(component.italic, parent.italic),
    underline: flag(component.underlined, parent.underline),
    strike: flag(component.strikethrough, parent.strike)
  }
}

/** The words a component stands for: its text, else what the client would look up, shown by name. */
function ownText(component: Record<string, unknown>): string {
  for (const key of ['text', 'fallback', 'translate', 'keybind', 'selector']) {
    const value = component[key]
    if (typeof value === 'string') return value
    if (typeof value === 'number' || typeof value === 'boolean') return String(value)
  }
  return ''
}

function appendComponent(segments: Segment[], value: unknown, parent: TextStyle, depth: number): void {
  if (depth > maxDepth) return
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') {
    appendSectionText(segments, String(value), parent, parent)
    return
  }
  if (Array.isArray(value)) {
    // The game reads [first, ...rest] as `first` with the rest as its children.
    const [first, ...rest] = value as unknown[]
    if (first === undefined) return
    if (isRecord(first)) {
      const extra = Array.isArray(first.extra) ? (first.extra as unknown[]) : []
      appendComponent(segments, { ...first, extra: [...extra, ...rest] }, parent, depth + 1)
    } else {
      for (const child of value) appendComponent(segments, child, parent, depth + 1)
    }
    return
  }
  if (!isRecord(value)) return
  const style = componentStyle(value, parent)
  appendSectionText(segments, ownText(value), style, style)
  if (Array.isArray(value.extra)) for (const child of value.extra) appendComponent(segments, child, style, depth + 1)
}

/** A JSON text component (string, array or object, as a status ping's description) as styled segments. */
export function parseTextComponent(value: unknown): Segment[] {
  const segments: Segment[] = []
  appendComponent(segments, value, plainStyle, 0)
  return segments
}

/**
 * Text the core passes on from the server: a JSON text component when it is one
 * (`{"text":…}` or `[…]`), otherwise text with § codes.
 */
export function parseFormatted(text: string): Segment[] {
  const trimmed = text.trim()
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
    try {
      const value: unknown = JSON.parse(trimmed)
      if (isRecord(value) || Array.isArray(value)) return parseTextComponent(value)
    } catch {
      // Not JSON after all: a MOTD may well start with a bracket.
    }
  }
  return parseSectionCodes(text)
}
