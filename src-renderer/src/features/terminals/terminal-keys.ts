import { sections } from '../../app/sections'

/** The parts of a KeyboardEvent the terminal's key handling reads. */
export type KeyLike = Pick<KeyboardEvent, 'type' | 'key' | 'ctrlKey' | 'shiftKey' | 'altKey' | 'metaKey'>

export type TerminalShortcut =
  | 'next-tab'
  | 'previous-tab'
  | 'move-tab-left'
  | 'move-tab-right'
  | 'search'
  | 'zoom-in'
  | 'zoom-out'
  | 'zoom-reset'
  | 'new-tab'

/**
 * The terminals' own shortcuts. Ctrl+- without Shift zooms; Ctrl+Shift+- (Ctrl+_) stays the
 * shell's undo. Ctrl+K, Ctrl+R, Ctrl+W and the other control keys stay the shell's.
 */
export function terminalShortcut(event: KeyLike): TerminalShortcut | null {
  if (!event.ctrlKey || event.altKey || event.metaKey) return null
  switch (event.key) {
    case 'Tab':
      return event.shiftKey ? 'previous-tab' : 'next-tab'
    case 'PageDown':
      return event.shiftKey ? 'move-tab-right' : 'next-tab'
    case 'PageUp':
      return event.shiftKey ? 'move-tab-left' : 'previous-tab'
    case '=':
    case '+':
      return 'zoom-in'
    case '-':
      return event.shiftKey ? null : 'zoom-out'
    case '0':
      return event.shiftKey ? null : 'zoom-reset'
  }
  if (!event.shiftKey) return null
  const letter = event.key.toLowerCase()
  return letter === 'f' ? 'search' : letter === 't' ? 'new-tab' : null
}

/** The app's shortcuts that must reach it from inside a terminal: the palette and the sections. */
function isAppShortcut(event: KeyLike): boolean {
  if (!event.ctrlKey || event.altKey) return false
  if (event.shiftKey) return event.key.toLowerCase() === 'k'
  return sections.some((section) => section.shortcut === event.key)
}

export type XtermKeyAction = 'terminal' | 'pass' | 'copy' | 'paste'

/**
 * What a key pressed inside a terminal does: go to the shell, pass to the app (the event
 * bubbles to its listeners), copy the selection, or paste through the browser's paste event
 * (which is where a multi-line paste is asked about).
 */
export function xtermKeyAction(event: KeyLike, hasSelection: boolean): XtermKeyAction {
  if (event.metaKey) return 'pass'
  if (!event.ctrlKey || event.altKey) return 'terminal'
  const letter = event.key.toLowerCase()
  if (letter === 'v') return 'paste'
  if (letter === 'c' && (event.shiftKey || hasSelection)) return 'copy'
  if (terminalShortcut(event) || isAppShortcut(event)) return 'pass'
  return 'terminal'
}
