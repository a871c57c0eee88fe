import { appendSectionText } from './section-codes'
import { plainStyle, type MinecraftColor, type Segment, type TextColor, type TextStyle } from './text-style'

/** ANSI 30–37 and 90–97 as Bukkit's console maps the game's colours onto them. */
const ansiColors: readonly MinecraftColor[] = ['black', 'dark_red', 'dark_green', 'gold', 'dark_blue', 'dark_purple', 'dark_aqua', 'gray']
const brightAnsiColors: readonly MinecraftColor[] = ['dark_gray', 'red', 'green', 'yellow', 'blue', 'light_purple', 'aqua', 'white']

/** CSI sequences (SGR and cursor moves alike), OSC titles and other two-character escapes. */
// eslint-disable-next-line no-control-regex -- escape sequences are what this matches
const escapes = /\x1b\[([0-9;:]*)([\x20-\x2f]*[\x40-\x7e])|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?|\x1b[\x40-\x5f]?/g
/** Control characters a log line should not carry (a tab is kept). */
// eslint-disable-next-line no-control-regex -- control characters are what this matches
const controls = /[\x00-\x08\x0a-\x1f\x7f]/g

function hex(red: number, green: number, blue: number): TextColor {
  return `#${[red, green, blue].map((value) => Math.min(255, Math.max(0, value)).toString(16).padStart(2, '0')).join('')}`
}

/** The xterm 256-colour palette: 16 named, a 6×6×6 cube, 24 greys. */
function color256(index: number): TextColor | null {
  if (index < 0 || index > 255) return null
  if (index < 8) return ansiColors[index]!
  if (index < 16) return brightAnsiColors[index - 8]!
  if (index < 232) {
    const level = (value: number) => (value === 0 ? 0 : 55 + value * 40)
    const cube = index - 16
    return hex(level(Math.floor(cube / 36)), level(Math.floor(cube / 6) % 6), level(cube % 6))
  }
  const grey = 8 + (index - 232) * 10
  return hex(grey, grey, grey)
}

/** Applies one SGR sequence's parameters; background colours and blinking are read past, not shown. */
function applySgr(style: TextStyle, parameters: readonly number[]): TextStyle {
  let next = style
  for (let index = 0; index < parameters.length; index++) {
    const code = parameters[index]!
    if (code === 0) next = plainStyle
    else if (code === 1) next = { ...next, bold: true }
    else if (code === 22) next = { ...next, bold: false }
    else if (code === 3) next = { ...next, italic: true }
    else if (code === 23) next = { ...next, italic: false }
    else if (code === 4) next = { ...next, underline: true }
    else if (code === 24) next = { ...next, underline: false }
    else if (code === 9) next = { ...next, strike: true }
    else if (code === 29) next = { ...next, strike: false }
    else if (code >= 30 && code <= 37) next = { ...next, color: ansiColors[code - 30]! }
    else if (code >= 90 && code <= 97) next = { ...next, color: brightAnsiColors[code - 90]! }
    else if (code === 39) next = { ...next, color: null }
    else if (code === 38 || code === 48) {
      const mode = parameters[index + 1]
      const color =
        mode === 5 ? color256(parameters[index + 2] ?? -1) : mode === 2 ? hex(parameters[index + 2] ?? 0, parameters[index + 3] ?? 0, parameters[index + 4] ?? 0) : null
      index += mode === 5 ? 2 : mode === 2 ? 4 : 1
      if (code === 38 && color !== null) next = { ...next, color }
    }
  }
  return next
}

function sgrParameters(text: string): number[] {
  if (text === '') return [0]
  return text.split(/[;:]/).map((part) => (part === '' ? 0 : Number.parseInt(part, 10)))
}

/**
 * A server log line as styled segments: ANSI SGR colours (16, 256 and 24-bit) and formats as
 * journald and docker pass them on, and § codes as a log file or plugin output holds them.
 * Any other escape or control character is dropped.
 */
export function parseLogLine(line: string): Segment[] {
  const segments: Segment[] = []
  let style = plainStyle
  let start = 0
  const addText = (text: string) => {
    style = appendSectionText(segments, text.replace(controls, ''), style)
  }
  for (const match of line.matchAll(escapes)) {
    addText(line.slice(start, match.index))
    if (match[2] === 'm') style = applySgr(style, sgrParameters(match[1] ?? ''))
    start = match.index + match[0].length
  }
  addText(line.slice(start))
  return segments
}
