import { minecraftColors, plainStyle, pushSegment, type Segment, type TextColor, type TextStyle } from './text-style'

/** What a § code does to the style: `base` is where §r returns to. */
type StyleChange = (style: TextStyle, base: TextStyle) => TextStyle

interface SectionCode {
  /** Characters the code takes, § included. */
  readonly length: number
  readonly change: StyleChange
}

const hexDigit = /^[0-9a-f]$/i

/** A colour sets the colour and, as in the game, ends bold, italic and the rest. */
const setColor =
  (color: TextColor): StyleChange =>
  () => ({ ...plainStyle, color })

const codes: Readonly<Record<string, StyleChange>> = {
  ...Object.fromEntries(minecraftColors.map((color, index) => [index.toString(16), setColor(color)])),
  l: (style) => ({ ...style, bold: true }),
  o: (style) => ({ ...style, italic: true }),
  n: (style) => ({ ...style, underline: true }),
  m: (style) => ({ ...style, strike: true }),
  // Obfuscated text is shown as it is: scrambling it would hide it from the reader.
  k: (style) => style,
  r: (_style, base) => base
}

/** Spigot's hex colour: §x§r§r§g§g§b§b. */
function hexCode(text: string, index: number): SectionCode | null {
  if (text[index + 1]?.toLowerCase() !== 'x') return null
  let hex = ''
  for (let digit = 0; digit < 6; digit++) {
    const at = index + 2 + digit * 2
    const value = text[at + 1] ?? ''
    if (text[at] !== '§' || !hexDigit.test(value)) return null
    hex += value
  }
  return { length: 14, change: setColor(`#${hex.toLowerCase()}`) }
}

/** The § code at `index`; an unknown one is dropped as the game drops it. */
function sectionCode(text: string, index: number): SectionCode {
  const hex = hexCode(text, index)
  if (hex) return hex
  const key = text[index + 1]?.toLowerCase()
  const change = key === undefined ? undefined : codes[key]
  return { length: Math.min(2, text.length - index), change: change ?? ((style) => style) }
}

/**
 * Appends text holding § codes to `segments`, starting in `style`; returns the style the text
 * ends in, so the next piece of a line (after an ANSI sequence) carries on from it.
 */
export function appendSectionText(segments: Segment[], text: string, style: TextStyle, base: TextStyle = plainStyle): TextStyle {
  let current = style
  let start = 0
  let index = text.indexOf('§')
  while (index !== -1) {
    pushSegment(segments, text.slice(start, index), current)
    const code = sectionCode(text, index)
    current = code.change(current, base)
    start = index + code.length
    index = text.indexOf('§', start)
  }
  pushSegment(segments, text.slice(start), current)
  return current
}

/** "§6Gold §lbold§r plain" as styled segments: §0–§f colours, §l §o §n §m formats, §k shown plain, §r reset. */
export function parseSectionCodes(text: string, base: TextStyle = plainStyle): Segment[] {
  const segments: Segment[] = []
  appendSectionText(segments, text, base, base)
  return segments
}
