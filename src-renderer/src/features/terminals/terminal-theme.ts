import type { ITheme } from '@xterm/xterm'
import type { ISearchOptions } from '@xterm/addon-search'

export type TerminalThemeName = 'dark' | 'light'

/** ANSI colours that read on the app's own backgrounds (GitHub's palettes). */
const ansi: Record<TerminalThemeName, ITheme> = {
  dark: {
    black: '#484f58', red: '#ff7b72', green: '#3fb950', yellow: '#d29922',
    blue: '#58a6ff', magenta: '#bc8cff', cyan: '#39c5cf', white: '#b1bac4',
    brightBlack: '#6e7681', brightRed: '#ffa198', brightGreen: '#56d364', brightYellow: '#e3b341',
    brightBlue: '#79c0ff', brightMagenta: '#d2a8ff', brightCyan: '#56d4dd', brightWhite: '#ffffff',
    selectionBackground: '#264f78', selectionInactiveBackground: '#3a3d41',
    scrollbarSliderBackground: 'rgba(139, 151, 166, 0.25)',
    scrollbarSliderHoverBackground: 'rgba(139, 151, 166, 0.45)',
    scrollbarSliderActiveBackground: 'rgba(139, 151, 166, 0.6)'
  },
  light: {
    black: '#24292f', red: '#cf222e', green: '#116329', yellow: '#7d4e00',
    blue: '#0969da', magenta: '#8250df', cyan: '#1b7c83', white: '#6e7781',
    brightBlack: '#57606a', brightRed: '#a40e26', brightGreen: '#1a7f37', brightYellow: '#633c01',
    brightBlue: '#218bff', brightMagenta: '#a475f9', brightCyan: '#3192aa', brightWhite: '#8c959f',
    selectionBackground: '#add6ff', selectionInactiveBackground: '#e5ebf1',
    scrollbarSliderBackground: 'rgba(91, 103, 118, 0.25)',
    scrollbarSliderHoverBackground: 'rgba(91, 103, 118, 0.45)',
    scrollbarSliderActiveBackground: 'rgba(91, 103, 118, 0.6)'
  }
}

const fallback: Record<TerminalThemeName, { bg: string; text: string; accent: string }> = {
  dark: { bg: '#0d1117', text: '#e6edf3', accent: '#4c9aff' },
  light: { bg: '#f5f7fa', text: '#1b2430', accent: '#1f6feb' }
}

/**
 * The terminal's colours for the app's theme: background, text and cursor come from the CSS
 * variables the rest of the app uses (`css` reads one), the ANSI colours from a palette made
 * for that background.
 */
export function terminalTheme(name: TerminalThemeName, css: (variable: string) => string): ITheme {
  const read = (variable: string, otherwise: string) => css(variable).trim() || otherwise
  const background = read('--bg', fallback[name].bg)
  return {
    ...ansi[name],
    background,
    foreground: read('--text', fallback[name].text),
    cursor: read('--accent', fallback[name].accent),
    cursorAccent: background
  }
}

/** Highlights for search matches; the search addon wants #RRGGBB colours. */
export function searchDecorations(name: TerminalThemeName): NonNullable<ISearchOptions['decorations']> {
  return name === 'dark'
    ? {
        matchBackground: '#5c4a12',
        matchOverviewRuler: '#d29922',
        activeMatchBackground: '#9e6a03',
        activeMatchBorder: '#f0b72f',
        activeMatchColorOverviewRuler: '#f0b72f'
      }
    : {
        matchBackground: '#fff0b3',
        matchOverviewRuler: '#bf8700',
        activeMatchBackground: '#ffd33d',
        activeMatchBorder: '#9a6700',
        activeMatchColorOverviewRuler: '#9a6700'
      }
}
