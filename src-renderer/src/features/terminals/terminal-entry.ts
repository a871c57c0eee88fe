import { FitAddon } from '@xterm/addon-fit'
import { SearchAddon } from '@xterm/addon-search'
import { WebLinksAddon } from '@xterm/addon-web-links'
import { Terminal } from '@xterm/xterm'
import type { TerminalInfo, TerminalPhase } from '../../../../src-shared/ssh'
import { api } from '../../api/api'
import { messageOf } from '../../api/failures'
import { useToastStore } from '../../app/toast-store'
import { createInputQueue, type InputQueue } from './input-queue'
import { needsPasteConfirm } from './paste-preview'
import { xtermKeyAction } from './terminal-keys'
import { terminalTheme, type TerminalThemeName } from './terminal-theme'

export interface TerminalEntry {
  readonly terminal: Terminal
  readonly fit: FitAddon
  readonly search: SearchAddon
  /** The element xterm lives in; panes borrow it, the registry keeps it. */
  readonly element: HTMLDivElement
}

export interface RegistryHooks {
  /** A multi-line paste waits for the user's yes. */
  requestPaste(terminalId: string, text: string): void
  /** The tab's name, for messages. */
  label(terminalId: string): string
}

export interface Size {
  readonly cols: number
  readonly rows: number
}

/** One terminal and what the registry tracks about it. */
export interface Entry extends TerminalEntry {
  terminalId: string
  phase: TerminalPhase
  /** Output is dropped until the replay is written: the replay already holds it. */
  restoring: boolean
  /** The size the core last heard of. */
  coreSize: Size
  resizeTimer: ReturnType<typeof setTimeout> | undefined
  copyTimer: ReturnType<typeof setTimeout> | undefined
  fitFrame: number | undefined
  lastError: number
  readonly input: InputQueue
  readonly cleanup: Array<() => void>
}

export interface EntrySettings {
  fontSize: number
  copyOnSelect: boolean
  theme: TerminalThemeName
}

/** What a new terminal needs from the registry that owns it. */
export interface EntryContext {
  readonly settings: EntrySettings
  readonly hooks: () => RegistryHooks
  /** Where the element waits while no pane shows it. */
  readonly parking: () => HTMLElement
  readonly onResize: (entry: Entry) => void
}

export function createEntry(info: TerminalInfo, context: EntryContext): Entry {
  const terminal = new Terminal({
    cols: info.cols,
    rows: info.rows,
    scrollback: 10_000,
    fontSize: context.settings.fontSize,
    fontFamily: cssVariable('--mono') || 'monospace',
    theme: currentTheme(context.settings.theme),
    cursorBlink: true,
    // At 1.0 the DOM renderer clips underscores at the bottom of the cell.
    lineHeight: 1.15,
    // The search addon highlights every match with decorations, which are a proposed API.
    allowProposedApi: true
  })
  const fit = new FitAddon()
  const search = new SearchAddon({ highlightLimit: 2000 })
  terminal.loadAddon(fit)
  terminal.loadAddon(search)
  terminal.loadAddon(new WebLinksAddon((_event, url) => void openLink(url)))
  const element = document.createElement('div')
  element.className = 'terminal-element'
  context.parking().append(element)
  terminal.open(element)

  const entry: Entry = {
    terminal,
    fit,
    search,
    element,
    terminalId: info.terminalId,
    phase: info.phase,
    restoring: false,
    coreSize: { cols: info.cols, rows: info.rows },
    resizeTimer: undefined,
    copyTimer: undefined,
    fitFrame: undefined,
    lastError: 0,
    input: createInputQueue(
      (data) => api().request('terminal.input', { terminalId: entry.terminalId, data }),
      (error) => report(entry, `Typing into ${context.hooks().label(entry.terminalId)} failed: ${messageOf(error)}`)
    ),
    cleanup: []
  }
  wireEvents(entry, context)
  return entry
}

function wireEvents(entry: Entry, context: EntryContext): void {
  const { terminal, element } = entry
  terminal.attachCustomKeyEventHandler((event) => {
    const action = xtermKeyAction(event, terminal.hasSelection())
    if (action === 'terminal') return true
    if (action === 'copy' && event.type === 'keydown') {
      event.preventDefault()
      void copySelection(entry, true)
    }
    // Not handled by xterm: the app's listeners get it, and the browser pastes.
    return false
  })
  const onPaste = (event: ClipboardEvent) => {
    const text = event.clipboardData?.getData('text/plain') ?? ''
    if (!needsPasteConfirm(text)) return
    event.preventDefault()
    event.stopImmediatePropagation()
    context.hooks().requestPaste(entry.terminalId, text)
  }
  element.addEventListener('paste', onPaste, true)
  entry.cleanup.push(() => element.removeEventListener('paste', onPaste, true))

  const subscriptions = [
    terminal.onData((data) => {
      // The core keeps what is typed while the first shell opens; a dead session takes nothing,
      // and the pane's banner says why.
      if (entry.phase === 'open' || entry.phase === 'connecting') entry.input.push(data)
    }),
    terminal.onResize(() => context.onResize(entry)),
    terminal.onSelectionChange(() => {
      if (!context.settings.copyOnSelect) return
      clearTimeout(entry.copyTimer)
      entry.copyTimer = setTimeout(() => void copySelection(entry, false), 150)
    })
  ]
  entry.cleanup.push(() => subscriptions.forEach((subscription) => subscription.dispose()))
}

async function copySelection(entry: Entry, fromKeyboard: boolean): Promise<void> {
  const text = entry.terminal.getSelection()
  if (!text) return
  try {
    await navigator.clipboard.writeText(text)
    if (fromKeyboard) entry.terminal.clearSelection()
    return
  } catch {
    // A page served over plain http has no clipboard API; the copy command still works there
    // while the terminal has focus (xterm answers the copy event with its selection).
  }
  const copied = document.execCommand('copy')
  if (fromKeyboard && copied) entry.terminal.clearSelection()
  if (!copied) report(entry, 'Could not copy to the clipboard: the browser refused (a page served over plain http may not use it).')
}

async function openLink(url: string): Promise<void> {
  try {
    const { opened } = await api().request('shell.openExternal', { url })
    if (!opened) window.open(url, '_blank', 'noopener')
  } catch (error) {
    useToastStore.getState().show(`Could not open ${url}: ${messageOf(error)}`)
  }
}

/** At most one message per terminal every 5 s: a failing keystroke stream must not flood toasts. */
function report(entry: Entry, message: string): void {
  const now = Date.now()
  if (now - entry.lastError < 5000) return
  entry.lastError = now
  useToastStore.getState().show(message)
}

export function currentTheme(theme: TerminalThemeName) {
  return terminalTheme(theme, cssVariable)
}

function cssVariable(name: string): string {
  return getComputedStyle(document.documentElement).getPropertyValue(name).trim()
}

/**
 * Writes a line from the console itself, not the shell: dimmed, on a fresh line. A new shell is
 * coming, so first undo what a dead program may have left on (the alternate screen, mouse
 * reporting, bracketed paste, attributes and modes through DECSTR), keeping the scrollback.
 */
export function writeNotice(terminal: Terminal, text: string): void {
  // Leaving the alternate screen restores the saved cursor: only when there is one to leave.
  const leaveAlternate = terminal.buffer.active.type === 'alternate' ? '\x1b[?1049l' : ''
  const resetModes = `${leaveAlternate}\x1b[?1000l\x1b[?1002l\x1b[?1003l\x1b[?1006l\x1b[?2004l\x1b[!p`
  const freshLine = terminal.buffer.active.cursorX > 0 ? '\r\n' : ''
  terminal.write(`${resetModes}${freshLine}\x1b[2m── ${text} ──\x1b[0m\r\n`)
}
