import { describe, expect, it } from 'vitest'
import { parseFormatted, parseTextComponent } from './text-component'
import { plainStyle, type TextStyle } from './text-style'

const style = (patch: Partial<TextStyle>): TextStyle => ({ ...plainStyle, ...patch })

describe('parseTextComponent', () => {
  it('reads a status ping description with extra children that inherit their parent style', () => {
    const description = {
      text: '',
      extra: [
        { text: 'Family ', color: 'gold', bold: true },
        { text: 'Survival', color: 'aqua', extra: [{ text: '!', bold: true, underlined: true }] },
        ' v2'
      ]
    }
    expect(parseTextComponent(description)).toEqual([
      { text: 'Family ', style: style({ color: 'gold', bold: true }) },
      { text: 'Survival', style: style({ color: 'aqua' }) },
      { text: '!', style: style({ color: 'aqua', bold: true, underline: true }) },
      { text: ' v2', style: plainStyle }
    ])
  })

  it('reads hex colours, italic and strikethrough, and a child turning a format off', () => {
    expect(parseTextComponent({ text: 'a', color: '#FF8800', italic: true, strikethrough: true, extra: [{ text: 'b', italic: false }] })).toEqual([
      { text: 'a', style: style({ color: '#ff8800', italic: true, strike: true }) },
      { text: 'b', style: style({ color: '#ff8800', strike: true }) }
    ])
  })

  it('treats an array as its first element with the rest as children', () => {
    expect(parseTextComponent([{ text: 'red ', color: 'red' }, 'also red', { text: ' blue', color: 'blue' }])).toEqual([
      { text: 'red also red', style: style({ color: 'red' }) },
      { text: ' blue', style: style({ color: 'blue' }) }
    ])
    expect(parseTextComponent(['plain ', { text: 'green', color: 'green' }])).toEqual([
      { text: 'plain ', style: plainStyle },
      { text: 'green', style: style({ color: 'green' }) }
    ])
  })

  it('renders § codes inside component text, and shows a translation key when there is no text', () => {
    expect(parseTextComponent({ text: '§cHot §rcold', bold: true })).toEqual([
      { text: 'Hot ', style: style({ color: 'red' }) },
      { text: 'cold', style: style({ bold: true }) }
    ])
    expect(parseTextComponent({ translate: 'multiplayer.status.motd' })).toEqual([{ text: 'multiplayer.status.motd', style: plainStyle }])
  })

  it('ignores unknown colours and values it cannot read, and stops at absurd nesting', () => {
    expect(parseTextComponent({ text: 'x', color: 'chartreuse', bold: 'yes' })).toEqual([{ text: 'x', style: plainStyle }])
    expect(parseTextComponent(null)).toEqual([])
    let deep: unknown = { text: 'bottom' }
    for (let level = 0; level < 10_000; level++) deep = { text: '', extra: [deep] }
    expect(parseTextComponent(deep)).toEqual([])
  })
})

describe('parseFormatted', () => {
  it('reads a JSON text component when the text is one, § codes otherwise', () => {
    expect(parseFormatted('{"text":"Hi","color":"green"}')).toEqual([{ text: 'Hi', style: style({ color: 'green' }) }])
    expect(parseFormatted('[{"text":"A"},{"text":"B","bold":true}]')).toEqual([
      { text: 'A', style: plainStyle },
      { text: 'B', style: style({ bold: true }) }
    ])
    expect(parseFormatted('§aA Paper server')).toEqual([{ text: 'A Paper server', style: style({ color: 'green' }) }])
  })

  it('keeps text that only looks like JSON as it is', () => {
    expect(parseFormatted('[EU] §6Gold')).toEqual([
      { text: '[EU] ', style: plainStyle },
      { text: 'Gold', style: style({ color: 'gold' }) }
    ])
    expect(parseFormatted('{not json')).toEqual([{ text: '{not json', style: plainStyle }])
  })
})
