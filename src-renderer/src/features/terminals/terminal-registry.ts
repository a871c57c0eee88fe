import '@xterm/xterm/css/xterm.css'
import type { TerminalInfo } from '../../../../src-shared/ssh'
import { api } from '../../api/api'
import { createAckBatcher, nextFrame } from './ack-batcher'
import {
  createEntry,
  currentTheme,
  writeNotice,
  type Entry,
  type EntryContext,
  type RegistryHooks,
  type Size,
  type TerminalEntry
} from './terminal-entry'
import type { TerminalThemeName } from './terminal-theme'

export type { RegistryHooks, TerminalEntry } from './terminal-entry'

const entries = new Map<string, Entry>()
/** Output for a terminal this page does not know yet: it can come before the open reply. */
const orphans = new Map<string, { chunks: string[]; length: number; timer: ReturnType<typeof setTimeout> }>()
const maxOrphanLength = 1 << 20
const settings: EntryContext['settings'] = { fontSize: 14, copyOnSelect: false, theme: 'dark' }
let hooks: RegistryHooks = { requestPaste: () => undefined, label: (terminalId) => terminalId }
let lastFit: Size | null = null
let parkingLot: HTMLElement | null = null
const context: EntryContext = { settings, hooks: () => hooks, parking, onResize: (entry) => scheduleResize(entry) }

const acks = createAckBatcher((terminalId, length) => {
  api()
    .request('terminal.ack', { terminalId, length })
    .catch(() => undefined)
}, nextFrame)

/** Terminals live here, outside React: switching tabs or sections never loses their screens. */
export const terminalRegistry = {
  configure(next: RegistryHooks): void {
    hooks = next
  },

  get(terminalId: string): TerminalEntry | undefined {
    return entries.get(terminalId)
  },

  /** Creates the terminal for `info` if there is none; `restore` drops output until the replay. */
  ensure(info: TerminalInfo, mode: 'new' | 'restore'): TerminalEntry {
    const existing = entries.get(info.terminalId)
    if (existing) return existing
    const entry = createEntry(info, context)
    entry.restoring = mode === 'restore'
    entries.set(info.terminalId, entry)
    takeOrphans(entry, mode === 'new')
    return entry
  },

  /** Writes the output a reloaded page missed, then lets live output through. */
  finishRestore(terminalId: string, replay: string): void {
    const entry = entries.get(terminalId)
    if (!entry) return
    if (replay) entry.terminal.write(replay)
    entry.restoring = false
  },

  /** The one route for `terminal.output`: a hidden tab's terminal is written too. */
  receive(terminalId: string, data: string): void {
    const entry = entries.get(terminalId)
    if (!entry) holdOrphan(terminalId, data)
    else if (!entry.restoring) write(entry, data)
  },

  update(info: TerminalInfo): void {
    const entry = entries.get(info.terminalId)
    if (!entry) return
    const previous = entry.phase
    entry.phase = info.phase
    if (info.phase !== 'open' && info.phase !== 'connecting') entry.input.clear()
    if (info.phase !== 'open' || previous === 'open') return
    if (previous === 'reconnecting') writeNotice(entry.terminal, 'Reconnected: a new shell')
    // A new shell starts at the size the core knows; tell it ours if that differs.
    entry.coreSize = { cols: info.cols, rows: info.rows }
    scheduleResize(entry)
  },

  /** A line from the console itself (not the shell), dimmed. */
  notice(terminalId: string, text: string): void {
    const terminal = entries.get(terminalId)?.terminal
    if (terminal) writeNotice(terminal, text)
  },

  /** The tab now shows another session of the same node: its screen and scrollback stay. */
  rekey(oldId: string, info: TerminalInfo): void {
    const entry = entries.get(oldId)
    if (!entry || entries.has(info.terminalId)) return
    entries.delete(oldId)
    acks.forget(oldId)
    entry.terminalId = info.terminalId
    entry.phase = info.phase
    entry.restoring = false
    entry.coreSize = { cols: info.cols, rows: info.rows }
    entries.set(info.terminalId, entry)
    takeOrphans(entry, true)
    scheduleResize(entry)
  },

  /** Moves the terminal into a pane; the returned function parks it again. */
  attach(terminalId: string, host: HTMLElement): () => void {
    const entry = entries.get(terminalId)
    if (!entry) return () => undefined
    host.append(entry.element)
    const observer = new ResizeObserver(() => scheduleFit(entry))
    observer.observe(host)
    scheduleFit(entry)
    return () => {
      observer.disconnect()
      if (entry.element.parentElement === host) parking().append(entry.element)
    }
  },

  focus(terminalId: string): void {
    entries.get(terminalId)?.terminal.focus()
  },

  paste(terminalId: string, text: string): void {
    const entry = entries.get(terminalId)
    if (!entry) return
    entry.terminal.paste(text)
    entry.terminal.focus()
  },

  dispose(terminalId: string): void {
    const entry = entries.get(terminalId)
    if (!entry) return
    entries.delete(terminalId)
    acks.forget(terminalId)
    clearTimeout(entry.resizeTimer)
    clearTimeout(entry.copyTimer)
    if (entry.fitFrame !== undefined) cancelAnimationFrame(entry.fitFrame)
    for (const cleanup of entry.cleanup) cleanup()
    entry.terminal.dispose()
    entry.element.remove()
  },

  /** What a new terminal should ask for: the size the last one fitted to, or a guess. */
  defaultSize(): Size {
    if (lastFit) return lastFit
    const cols = Math.floor((window.innerWidth - 260) / (settings.fontSize * 0.6))
    const rows = Math.floor((window.innerHeight - 120) / (settings.fontSize * 1.2))
    return { cols: clamp(cols, 20, 400), rows: clamp(rows, 5, 200) }
  },

  sizeOf(terminalId: string): Size {
    const terminal = entries.get(terminalId)?.terminal
    return terminal ? { cols: terminal.cols, rows: terminal.rows } : terminalRegistry.defaultSize()
  },

  setFontSize(fontSize: number): void {
    settings.fontSize = fontSize
    lastFit = null
    for (const entry of entries.values()) {
      entry.terminal.options.fontSize = fontSize
      scheduleFit(entry)
    }
  },

  setCopyOnSelect(on: boolean): void {
    settings.copyOnSelect = on
  },

  setTheme(theme: TerminalThemeName): void {
    settings.theme = theme
    for (const entry of entries.values()) entry.terminal.options.theme = currentTheme(theme)
  },

  theme(): TerminalThemeName {
    return settings.theme
  }
}

/** Flow control: acknowledge only once xterm has parsed the chunk. */
function write(entry: Entry, data: string): void {
  const terminalId = entry.terminalId
  entry.terminal.write(data, () => {
    if (entries.get(terminalId) === entry) acks.add(terminalId, data.length)
  })
}

function holdOrphan(terminalId: string, data: string): void {
  const held = orphans.get(terminalId) ?? {
    chunks: [],
    length: 0,
    timer: setTimeout(() => orphans.delete(terminalId), 30_000)
  }
  // Unacknowledged, so the core pauses the session before this grows past the cap.
  if (held.length + data.length > maxOrphanLength) return
  held.chunks.push(data)
  held.length += data.length
  orphans.set(terminalId, held)
}

function takeOrphans(entry: Entry, keep: boolean): void {
  const held = orphans.get(entry.terminalId)
  if (!held) return
  orphans.delete(entry.terminalId)
  clearTimeout(held.timer)
  if (keep) for (const chunk of held.chunks) write(entry, chunk)
}

function scheduleResize(entry: Entry): void {
  clearTimeout(entry.resizeTimer)
  entry.resizeTimer = setTimeout(() => {
    const { cols, rows } = entry.terminal
    const same = cols === entry.coreSize.cols && rows === entry.coreSize.rows
    if (same || entry.phase === 'exited' || entry.phase === 'failed' || cols < 2 || cols > 1000 || rows > 1000) return
    const previous = entry.coreSize
    entry.coreSize = { cols, rows }
    api()
      .request('terminal.resize', { terminalId: entry.terminalId, cols, rows })
      .catch(() => {
        if (entry.coreSize.cols === cols && entry.coreSize.rows === rows) entry.coreSize = previous
      })
  }, 50)
}

function scheduleFit(entry: Entry): void {
  if (entry.fitFrame !== undefined) cancelAnimationFrame(entry.fitFrame)
  entry.fitFrame = requestAnimationFrame(() => {
    entry.fitFrame = undefined
    if (!entry.element.isConnected || entry.element.parentElement === parkingLot) return
    const proposed = entry.fit.proposeDimensions()
    if (!proposed || !Number.isFinite(proposed.cols) || !Number.isFinite(proposed.rows)) return
    entry.fit.fit()
    lastFit = { cols: entry.terminal.cols, rows: entry.terminal.rows }
  })
}

/** Terminals not shown in a pane wait here, laid out (xterm measures) but out of sight and focus. */
function parking(): HTMLElement {
  if (!parkingLot) {
    parkingLot = document.createElement('div')
    parkingLot.className = 'terminal-parking'
    parkingLot.inert = true
    parkingLot.setAttribute('aria-hidden', 'true')
    document.body.append(parkingLot)
  }
  return parkingLot
}

function clamp(value: number, min: number, max: number): number {
  return Math.max(min, Math.min(max, Number.isFinite(value) ? value : min))
}

