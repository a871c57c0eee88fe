/** Minecraft's sixteen colours, by their names in text components (§0 to §f in this order). */
export const minecraftColors = [
  'black',
  'dark_blue',
  'dark_green',
  'dark_aqua',
  'dark_red',
  'dark_purple',
  'gold',
  'gray',
  'dark_gray',
  'blue',
  'green',
  'aqua',
  'red',
  'light_purple',
  'yellow',
  'white'
] as const

export type MinecraftColor = (typeof minecraftColors)[number]

/** A named colour themes can adjust, or an exact "#rrggbb" (text components, 24-bit ANSI). */
export type TextColor = MinecraftColor | `#${string}`

export interface TextStyle {
  /** null: the page's own text colour. */
  readonly color: TextColor | null
  readonly bold: boolean
  readonly italic: boolean
  readonly underline: boolean
  readonly strike: boolean
}

export interface Segment {
  readonly text: string
  readonly style: TextStyle
}

export const plainStyle: TextStyle = { color: null, bold: false, italic: false, underline: false, strike: false }

export function isMinecraftColor(value: string): value is MinecraftColor {
  return (minecraftColors as readonly string[]).includes(value)
}

export function hexColor(value: string): TextColor | null {
  return /^#[0-9a-f]{6}$/i.test(value) ? (value.toLowerCase() as TextColor) : null
}

function sameStyle(a: TextStyle, b: TextStyle): boolean {
  return a.color === b.color && a.bold === b.bold && a.italic === b.italic && a.underline === b.underline && a.strike === b.strike
}

/** Adds text in a style, joining it to the previous segment when the style is the same. */
export function pushSegment(segments: Segment[], text: string, style: TextStyle): void {
  if (text === '') return
  const last = segments[segments.length - 1]
  if (last && sameStyle(last.style, style)) segments[segments.length - 1] = { text: last.text + text, style }
  else segments.push({ text, style })
}

export function plainText(segments: readonly Segment[]): string {
  return segments.map((segment) => segment.text).join('')
}
