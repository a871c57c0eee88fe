import { describe, expect, it } from 'vitest'
import { terminalShortcut, xtermKeyAction, type KeyLike } from './terminal-keys'

function key(key: string, modifiers: Partial<KeyLike> = {}): KeyLike {
  return { type: 'keydown', key, ctrlKey: false, shiftKey: false, altKey: false, metaKey: false, ...modifiers }
}
const ctrl = (name: string, more: Partial<KeyLike> = {}) => key(name, { ctrlKey: true, ...more })

describe('terminalShortcut', () => {
  it('switches and moves tabs', () => {
    expect(terminalShortcut(ctrl('Tab'))).toBe('next-tab')
    expect(terminalShortcut(ctrl('Tab', { shiftKey: true }))).toBe('previous-tab')
    expect(terminalShortcut(ctrl('PageDown'))).toBe('next-tab')
    expect(terminalShortcut(ctrl('PageUp', { shiftKey: true }))).toBe('move-tab-left')
    expect(terminalShortcut(ctrl('PageDown', { shiftKey: true }))).toBe('move-tab-right')
  })

  it('zooms with Ctrl+= / Ctrl+- / Ctrl+0 but leaves Ctrl+_ to the shell', () => {
    expect(terminalShortcut(ctrl('='))).toBe('zoom-in')
    expect(terminalShortcut(ctrl('+', { shiftKey: true }))).toBe('zoom-in')
    expect(terminalShortcut(ctrl('-'))).toBe('zoom-out')
    expect(terminalShortcut(ctrl('0'))).toBe('zoom-reset')
    expect(terminalShortcut(ctrl('_', { shiftKey: true }))).toBeNull()
  })

  it('searches with Ctrl+Shift+F and opens a tab with Ctrl+Shift+T', () => {
    expect(terminalShortcut(ctrl('F', { shiftKey: true }))).toBe('search')
    expect(terminalShortcut(ctrl('T', { shiftKey: true }))).toBe('new-tab')
    expect(terminalShortcut(ctrl('f'))).toBeNull()
  })

  it('ignores keys without Ctrl, and AltGr combinations', () => {
    expect(terminalShortcut(key('Tab'))).toBeNull()
    expect(terminalShortcut(ctrl('=', { altKey: true }))).toBeNull()
  })
})

describe('xtermKeyAction', () => {
  it('leaves the shell its control keys', () => {
    for (const name of ['k', 'r', 'w', 'd', 'a', 'e', 'u']) expect(xtermKeyAction(ctrl(name), false)).toBe('terminal')
    expect(xtermKeyAction(key('F2'), false)).toBe('terminal')
    expect(xtermKeyAction(key('a'), false)).toBe('terminal')
  })

  it('copies with Ctrl+C only while text is selected, and always with Ctrl+Shift+C', () => {
    expect(xtermKeyAction(ctrl('c'), false)).toBe('terminal')
    expect(xtermKeyAction(ctrl('c'), true)).toBe('copy')
    expect(xtermKeyAction(ctrl('C', { shiftKey: true }), false)).toBe('copy')
  })

  it('pastes with Ctrl+V and Ctrl+Shift+V', () => {
    expect(xtermKeyAction(ctrl('v'), false)).toBe('paste')
    expect(xtermKeyAction(ctrl('V', { shiftKey: true }), false)).toBe('paste')
  })

  it('passes the app and terminal shortcuts on', () => {
    expect(xtermKeyAction(ctrl('K', { shiftKey: true }), false)).toBe('pass')
    expect(xtermKeyAction(ctrl('1'), false)).toBe('pass')
    expect(xtermKeyAction(ctrl('2'), false)).toBe('pass')
    expect(xtermKeyAction(ctrl('Tab'), false)).toBe('pass')
    expect(xtermKeyAction(ctrl('F', { shiftKey: true }), false)).toBe('pass')
    expect(xtermKeyAction(key('k', { metaKey: true }), false)).toBe('pass')
  })

  it('gives AltGr characters (Ctrl+Alt) to the shell', () => {
    expect(xtermKeyAction(ctrl('@', { altKey: true }), false)).toBe('terminal')
  })
})
