import { create } from 'zustand'
import type { TerminalInfo } from '../../../../src-shared/ssh'
import { api } from '../../api/api'
import { messageOf } from '../../api/failures'
import { useNavigationStore } from '../../app/navigation-store'
import { useThemeStore } from '../../app/theme-store'
import { useToastStore } from '../../app/toast-store'
import { useSshStore } from '../ssh/ssh-store'
import { useInventoryStore } from '../inventory/inventory-store'
import { closeTab, renameId, showTab, toggleSplit } from './panes'
import { cycle, moveBy, moveTo } from './tab-order'
import { isEnded } from './terminal-ids'
import { terminalRegistry } from './terminal-registry'
import { syncWithCore, type SyncAccess } from './terminals-sync'
import {
  clampFontSize,
  defaultFontSize,
  loadPrefs,
  savePrefs,
  saveRememberedTabs,
  titleKey
} from './terminals-persistence'

export interface TerminalTab {
  readonly terminalId: string
  readonly nodeId: string
  /** What the tab shows: the user's name for it, else the core's title. */
  readonly title: string
  readonly renamed: boolean
  readonly info: TerminalInfo
}

export interface PendingPaste {
  readonly terminalId: string
  readonly text: string
}

interface TerminalsStore {
  readonly tabs: Readonly<Record<string, TerminalTab>>
  readonly order: readonly string[]
  readonly activeId: string | null
  /** The visible tabs, left to right: the active one, and a second one while split. */
  readonly panes: readonly string[]
  readonly fontSize: number
  readonly copyOnSelect: boolean
  /** The terminal whose search bar is open. */
  readonly searchId: string | null
  /** Bumped to move the focus into the search bar again. */
  readonly searchRequest: number
  /** Bumped to move the focus into the active terminal. */
  readonly focusRequest: number
  readonly pendingPaste: PendingPaste | null
  /** Nodes with a `terminal.open` on its way (one entry per request). */
  readonly opening: readonly string[]
  /** Subscribes to the core's terminal events and restores its open terminals; returns the undo. */
  start(): () => void
  /** Catches up after the connection to the core was down and events were missed. */
  refresh(): Promise<void>
  openTerminal(nodeId: string, options?: { readonly split?: boolean }): Promise<void>
  /** Starts a new session of an ended tab's node in the same tab, keeping its scrollback. */
  reopen(terminalId: string): Promise<void>
  close(terminalId: string): void
  rename(terminalId: string, title: string): void
  move(terminalId: string, toIndex: number): void
  moveActive(delta: number): void
  activate(terminalId: string, focus?: boolean): void
  cycle(delta: number): void
  toggleSplit(): void
  /** +1 / -1 steps the font size of every terminal, 0 resets it. */
  zoom(step: -1 | 0 | 1): void
  setCopyOnSelect(on: boolean): void
  openSearch(): void
  closeSearch(): void
  confirmPaste(): void
  cancelPaste(): void
}

const prefs = loadPrefs()
/** Ids this page closed: late events for them must not bring a tab back. */
const closed = new Set<string>()
/** Bumped by each start() and its undo, so a superseded start (React's StrictMode) applies nothing. */
let generation = 0

export const useTerminalsStore = create<TerminalsStore>()((set, get) => {
  const nodeName = (nodeId: string) =>
    useInventoryStore.getState().state?.inventory.nodes.find((node) => node.id === nodeId)?.name ?? nodeId

  const syncAccess: SyncAccess = {
    get,
    set,
    applyInfo: (info) => applyInfo(info),
    closed,
    isCurrent: (gen) => gen === generation
  }
  const list = (gen: number) => syncWithCore(syncAccess, gen)

  const remember = () => {
    const { order, tabs } = get()
    const titles: Record<string, string> = {}
    for (const tab of Object.values(tabs)) if (tab.renamed) titles[titleKey(tab.terminalId, tab.nodeId)] = tab.title
    saveRememberedTabs({ order, titles })
  }

  const applyInfo = (info: TerminalInfo) => {
    const tab = get().tabs[info.terminalId]
    // An unknown id is a terminal being opened: its open reply, sent after this, is newer.
    if (!tab) return
    terminalRegistry.update(info)
    set((state) => ({ tabs: { ...state.tabs, [info.terminalId]: { ...tab, info, title: tab.renamed ? tab.title : info.title } } }))
  }

  const openSession = (nodeId: string, size = terminalRegistry.defaultSize()) =>
    api().request('terminal.open', { nodeId, cols: size.cols, rows: size.rows })

  const addOpened = (info: TerminalInfo, split: boolean) => {
    const { order, activeId, panes } = get()
    terminalRegistry.ensure(info, 'new')
    const tab: TerminalTab = { terminalId: info.terminalId, nodeId: info.nodeId, title: info.title, renamed: false, info }
    const at = activeId === null ? order.length : order.indexOf(activeId) + 1
    const nextOrder = order.includes(info.terminalId) ? order : moveTo([...order, info.terminalId], info.terminalId, at)
    set((state) => ({ tabs: { ...state.tabs, [info.terminalId]: tab }, order: nextOrder }))
    if (split && activeId !== null && panes.length === 1) set({ panes: [activeId, info.terminalId] })
    get().activate(info.terminalId)
  }

  const withOpening = async (nodeId: string, work: () => Promise<void>) => {
    set((state) => ({ opening: [...state.opening, nodeId] }))
    try {
      await work()
    } finally {
      set((state) => {
        const index = state.opening.indexOf(nodeId)
        return { opening: state.opening.filter((_, at) => at !== index) }
      })
    }
  }

  return {
    tabs: {},
    order: [],
    activeId: null,
    panes: [],
    fontSize: prefs.fontSize,
    copyOnSelect: prefs.copyOnSelect,
    searchId: null,
    searchRequest: 0,
    focusRequest: 0,
    pendingPaste: null,
    opening: [],

    start() {
      const gen = ++generation
      terminalRegistry.configure({
        requestPaste: (terminalId, text) => set({ pendingPaste: { terminalId, text } }),
        label: (terminalId) => get().tabs[terminalId]?.title ?? terminalId
      })
      terminalRegistry.setFontSize(get().fontSize)
      terminalRegistry.setCopyOnSelect(get().copyOnSelect)
      terminalRegistry.setTheme(useThemeStore.getState().resolved)
      const undo = [
        // The one subscription to output for the whole feature; the registry routes it by id.
        api().on('terminal.output', ({ terminalId, data }) => terminalRegistry.receive(terminalId, data)),
        api().on('terminal.state', applyInfo),
        useThemeStore.subscribe((theme, previous) => {
          if (theme.resolved !== previous.resolved) terminalRegistry.setTheme(theme.resolved)
        })
      ]
      void list(gen)
      return () => {
        generation += 1
        for (const off of undo) off()
      }
    },

    refresh: () => list(generation),

    async openTerminal(nodeId, options = {}) {
      useNavigationStore.getState().go('terminals')
      useSshStore.getState().ask(nodeId)
      await withOpening(nodeId, async () => {
        try {
          addOpened(await openSession(nodeId), options.split === true)
        } catch (error) {
          useToastStore.getState().show(`Could not open a terminal on ${nodeName(nodeId)}: ${messageOf(error)}`)
        }
      })
    },

    async reopen(terminalId) {
      const tab = get().tabs[terminalId]
      if (!tab) return
      useSshStore.getState().ask(tab.nodeId)
      await withOpening(tab.nodeId, async () => {
        let info: TerminalInfo
        try {
          info = await openSession(tab.nodeId, terminalRegistry.sizeOf(terminalId))
        } catch (error) {
          useToastStore.getState().show(`Could not reopen the terminal on ${nodeName(tab.nodeId)}: ${messageOf(error)}`)
          return
        }
        if (!get().tabs[terminalId]) return
        closed.add(terminalId)
        terminalRegistry.rekey(terminalId, info)
        terminalRegistry.notice(info.terminalId, `New session on ${nodeName(tab.nodeId)}`)
        set((state) => {
          const { [terminalId]: _old, ...tabs } = state.tabs
          const title = tab.renamed ? tab.title : info.title
          return {
            ...renameId(state, terminalId, info.terminalId),
            tabs: { ...tabs, [info.terminalId]: { ...tab, terminalId: info.terminalId, info, title } },
            searchId: state.searchId === terminalId ? info.terminalId : state.searchId,
            focusRequest: state.focusRequest + 1
          }
        })
        remember()
        void api().request('terminal.close', { terminalId }).catch(() => undefined)
      })
    },

    close(terminalId) {
      const tab = get().tabs[terminalId]
      if (!tab) return
      closed.add(terminalId)
      terminalRegistry.dispose(terminalId)
      set((state) => {
        const { [terminalId]: _closed, ...tabs } = state.tabs
        return {
          ...closeTab(state, terminalId),
          tabs,
          searchId: state.searchId === terminalId ? null : state.searchId,
          pendingPaste: state.pendingPaste?.terminalId === terminalId ? null : state.pendingPaste,
          focusRequest: state.focusRequest + 1
        }
      })
      remember()
      api()
        .request('terminal.close', { terminalId })
        .catch((error: unknown) => {
          if (isEnded(tab.info.phase)) return
          useToastStore.getState().show(`Closing the terminal on ${nodeName(tab.nodeId)} failed: ${messageOf(error)}`)
        })
    },

    rename(terminalId, title) {
      const tab = get().tabs[terminalId]
      if (!tab) return
      const name = title.trim()
      const next = name ? { title: name, renamed: true } : { title: tab.info.title, renamed: false }
      set((state) => ({ tabs: { ...state.tabs, [terminalId]: { ...tab, ...next } } }))
      remember()
    },

    move(terminalId, toIndex) {
      set((state) => ({ order: moveTo(state.order, terminalId, toIndex) }))
      remember()
    },

    moveActive(delta) {
      const { activeId } = get()
      if (activeId === null) return
      set((state) => ({ order: moveBy(state.order, activeId, delta) }))
      remember()
    },

    activate(terminalId, focus = true) {
      if (!get().tabs[terminalId]) return
      set((state) => ({ ...showTab(state, terminalId), focusRequest: focus ? state.focusRequest + 1 : state.focusRequest }))
    },

    cycle(delta) {
      const next = cycle(get().order, get().activeId, delta)
      if (next !== null) get().activate(next)
    },

    toggleSplit() {
      const state = get()
      const next = toggleSplit(state)
      if (next) {
        set({ ...next, focusRequest: state.focusRequest + 1 })
        return
      }
      const active = state.activeId === null ? undefined : state.tabs[state.activeId]
      if (active) void get().openTerminal(active.nodeId, { split: true })
    },

    zoom(step) {
      const fontSize = step === 0 ? defaultFontSize : clampFontSize(get().fontSize + step)
      if (fontSize === get().fontSize) return
      set({ fontSize })
      terminalRegistry.setFontSize(fontSize)
      savePrefs({ fontSize, copyOnSelect: get().copyOnSelect })
    },

    setCopyOnSelect(copyOnSelect) {
      set({ copyOnSelect })
      terminalRegistry.setCopyOnSelect(copyOnSelect)
      savePrefs({ fontSize: get().fontSize, copyOnSelect })
    },

    openSearch() {
      const { activeId } = get()
      if (activeId !== null) set((state) => ({ searchId: activeId, searchRequest: state.searchRequest + 1 }))
    },

    closeSearch() {
      const { searchId } = get()
      if (searchId === null) return
      terminalRegistry.get(searchId)?.search.clearDecorations()
      set((state) => ({ searchId: null, focusRequest: state.focusRequest + 1 }))
    },

    confirmPaste() {
      const pending = get().pendingPaste
      set({ pendingPaste: null })
      if (pending) terminalRegistry.paste(pending.terminalId, pending.text)
    },

    cancelPaste() {
      const pending = get().pendingPaste
      set({ pendingPaste: null })
      if (pending) terminalRegistry.focus(pending.terminalId)
    }
  }
})

/** Opens a terminal on a node, shows the Terminals section and focuses the new tab. */
export function openTerminal(nodeId: string): Promise<void> {
  return useTerminalsStore.getState().openTerminal(nodeId)
}
