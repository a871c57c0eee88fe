import { describe, expect, it } from 'vitest'
import { parseLogLine } from './ansi-codes'
import { plainStyle, type TextStyle } from './text-style'

const style = (patch: Partial<TextStyle>): TextStyle => ({ ...plainStyle, ...patch })
const esc = '\u001b'

describe('parseLogLine', () => {
  it('keeps a plain Paper log line whole', () => {
    const line = '[12:00:01 INFO]: Done (3.2s)! For help, type "help"'
    expect(parseLogLine(line)).toEqual([{ text: line, style: plainStyle }])
  })

  it('renders SGR colours as Bukkit maps them, bold, and the resets (same-styled text joined)', () => {
    expect(parseLogLine(`${esc}[0;33;22m[INFO] ${esc}[1;31mBold red${esc}[22m red${esc}[39m default${esc}[0m end`)).toEqual([
      { text: '[INFO] ', style: style({ color: 'gold' }) },
      { text: 'Bold red', style: style({ color: 'dark_red', bold: true }) },
      { text: ' red', style: style({ color: 'dark_red' }) },
      { text: ' default end', style: plainStyle }
    ])
  })

  it('reads bright colours, italic, underline, strike and their ends', () => {
    expect(parseLogLine(`${esc}[92;3mgreen${esc}[23;4mu${esc}[24;9ms${esc}[29;97mw${esc}[m`)).toEqual([
      { text: 'green', style: style({ color: 'green', italic: true }) },
      { text: 'u', style: style({ color: 'green', underline: true }) },
      { text: 's', style: style({ color: 'green', strike: true }) },
      { text: 'w', style: style({ color: 'white' }) }
    ])
  })

  it('reads 256-colour and 24-bit colours, and skips background colours without losing the foreground', () => {
    expect(parseLogLine(`${esc}[38;5;208morange${esc}[38;5;9mred${esc}[38;5;244mgrey`)).toEqual([
      { text: 'orange', style: style({ color: '#ff8700' }) },
      { text: 'red', style: style({ color: 'red' }) },
      { text: 'grey', style: style({ color: '#808080' }) }
    ])
    expect(parseLogLine(`${esc}[38;2;255;170;0;48;2;0;0;0mgold${esc}[44;48;5;12mstill`)).toEqual([{ text: 'goldstill', style: style({ color: '#ffaa00' }) }])
  })

  it('drops other escapes and control characters, keeping tabs', () => {
    expect(parseLogLine(`${esc}]0;title\u0007${esc}[2K${esc}[1Gline\r\tend${esc}`)).toEqual([{ text: 'line\tend', style: plainStyle }])
  })

  it('renders § codes in the same line, carrying the style across ANSI sequences', () => {
    expect(parseLogLine(`[Server] §eHello ${esc}[1mworld§r!`)).toEqual([
      { text: '[Server] ', style: plainStyle },
      { text: 'Hello ', style: style({ color: 'yellow' }) },
      { text: 'world', style: style({ color: 'yellow', bold: true }) },
      { text: '!', style: plainStyle }
    ])
  })
})
