import { describe, expect, it } from 'vitest'
import { searchDecorations, terminalTheme } from './terminal-theme'

describe('terminalTheme', () => {
  it('takes background, text and cursor from the app variables', () => {
    const variables: Record<string, string> = { '--bg': ' #101010', '--text': '#eeeeee', '--accent': '#123456' }
    const theme = terminalTheme('dark', (name) => variables[name] ?? '')
    expect(theme).toMatchObject({ background: '#101010', foreground: '#eeeeee', cursor: '#123456', cursorAccent: '#101010' })
    expect(theme.red).toBe('#ff7b72')
  })

  it('falls back to the built-in colours when a variable is missing', () => {
    expect(terminalTheme('light', () => '')).toMatchObject({ background: '#f5f7fa', foreground: '#1b2430' })
  })
})

describe('searchDecorations', () => {
  it('uses #RRGGBB colours only, as the search addon requires', () => {
    for (const name of ['dark', 'light'] as const) {
      for (const colour of Object.values(searchDecorations(name))) expect(colour).toMatch(/^#[0-9a-f]{6}$/)
    }
  })
})
