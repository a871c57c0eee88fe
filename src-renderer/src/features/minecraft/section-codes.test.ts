import { describe, expect, it } from 'vitest'
import { parseSectionCodes } from './section-codes'
import { plainStyle, type Segment, type TextStyle } from './text-style'

const style = (patch: Partial<TextStyle>): TextStyle => ({ ...plainStyle, ...patch })
const text = (segments: readonly Segment[]) => segments.map((segment) => segment.text).join('')

describe('parseSectionCodes', () => {
  it('colours text with §0–§f, in either case', () => {
    expect(parseSectionCodes('§6Gold §cred §AGreen §0black §fwhite')).toEqual([
      { text: 'Gold ', style: style({ color: 'gold' }) },
      { text: 'red ', style: style({ color: 'red' }) },
      { text: 'Green ', style: style({ color: 'green' }) },
      { text: 'black ', style: style({ color: 'black' }) },
      { text: 'white', style: style({ color: 'white' }) }
    ])
    expect(parseSectionCodes('§1a§2b§3c§4d§5e§7f§8g§9h§bi§dj§ek').map((segment) => segment.style.color)).toEqual([
      'dark_blue',
      'dark_green',
      'dark_aqua',
      'dark_red',
      'dark_purple',
      'gray',
      'dark_gray',
      'blue',
      'aqua',
      'light_purple',
      'yellow'
    ])
  })

  it('adds bold, italic, underline and strike, which stack until a colour or §r ends them', () => {
    expect(parseSectionCodes('§e§lBig §oand slanted§r plain §n§munder§c colour')).toEqual([
      { text: 'Big ', style: style({ color: 'yellow', bold: true }) },
      { text: 'and slanted', style: style({ color: 'yellow', bold: true, italic: true }) },
      { text: ' plain ', style: plainStyle },
      { text: 'under', style: style({ underline: true, strike: true }) },
      { text: ' colour', style: style({ color: 'red' }) }
    ])
  })

  it('shows obfuscated text plainly and drops unknown codes and a trailing §', () => {
    expect(parseSectionCodes('§kSecret§z!§')).toEqual([{ text: 'Secret!', style: plainStyle }])
    expect(parseSectionCodes('§b§kmagic')).toEqual([{ text: 'magic', style: style({ color: 'aqua' }) }])
  })

  it('reads Spigot hex colours (§x§r§r§g§g§b§b) and leaves a broken one as a dropped code', () => {
    expect(parseSectionCodes('§x§F§F§8§8§0§0Orange')).toEqual([{ text: 'Orange', style: style({ color: '#ff8800' }) }])
    expect(text(parseSectionCodes('§x§F§Fno'))).toBe('no')
  })

  it('keeps plain text whole, and §r returns to the base style it started from', () => {
    expect(parseSectionCodes('A Minecraft Server')).toEqual([{ text: 'A Minecraft Server', style: plainStyle }])
    expect(parseSectionCodes('')).toEqual([])
    const base = style({ color: 'gold', bold: true })
    expect(parseSectionCodes('a§cb§rc', base)).toEqual([
      { text: 'a', style: base },
      { text: 'b', style: style({ color: 'red' }) },
      { text: 'c', style: base }
    ])
  })
})
