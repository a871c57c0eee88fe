import type { StoreApi } from 'zustand'
import type { TerminalInfo } from '../../../../src-shared/ssh'
import { api } from '../../api/api'
import { RequestFailure } from '../../api/client'
import { messageOf } from '../../api/failures'
import { useToastStore } from '../../app/toast-store'
import { showTab } from './panes'
import { sortByRemembered } from './tab-order'
import { isEnded } from './terminal-ids'
import { terminalRegistry } from './terminal-registry'
import { loadRememberedTabs, titleKey } from './terminals-persistence'
import type { TerminalTab } from './terminals-store'

interface TabsState {
  readonly tabs: Readonly<Record<string, TerminalTab>>
  readonly order: readonly string[]
  readonly activeId: string | null
  readonly panes: readonly string[]
}

/** What syncing needs from the terminals store. */
export interface SyncAccess {
  readonly get: () => TabsState
  readonly set: StoreApi<TabsState>['setState']
  readonly applyInfo: (info: TerminalInfo) => void
  /** Ids this page closed: never brought back. */
  readonly closed: ReadonlySet<string>
  /** False once a newer start() or sync superseded this one. */
  readonly isCurrent: (generation: number) => boolean
}

/**
 * Brings the page in line with the terminals the core keeps: at start-up (a reload) and after
 * the connection to the core was down. Known tabs get their state, unknown terminals get a tab
 * with their recent output, and tabs the core no longer has are shown as ended.
 */
export async function syncWithCore(access: SyncAccess, generation: number): Promise<void> {
  const before = new Set(Object.keys(access.get().tabs))
  let infos: TerminalInfo[]
  try {
    infos = await api().request('terminal.list', {})
  } catch (error) {
    // A core without terminals yet is not an error worth a toast.
    if (error instanceof RequestFailure && error.detail.code === 'unknown-request') return
    useToastStore.getState().show(`Could not list the open terminals: ${messageOf(error)}`)
    return
  }
  if (!access.isCurrent(generation)) return
  for (const info of infos) access.applyInfo(info)
  markGone(access, infos, before)
  adopt(access, infos, generation)
}

function markGone(access: SyncAccess, infos: readonly TerminalInfo[], before: ReadonlySet<string>): void {
  const listed = new Set(infos.map((info) => info.terminalId))
  for (const tab of Object.values(access.get().tabs)) {
    if (listed.has(tab.terminalId) || !before.has(tab.terminalId) || isEnded(tab.info.phase)) continue
    access.applyInfo({ ...tab.info, phase: 'exited', message: 'The console no longer has this session; it may have restarted.' })
  }
}

/** Tabs for terminals the core has and this page has not, in the order and names the user gave. */
function adopt(access: SyncAccess, infos: readonly TerminalInfo[], generation: number): void {
  const known = access.get().tabs
  const fresh = infos.filter((info) => !known[info.terminalId] && !access.closed.has(info.terminalId))
  if (fresh.length === 0) return
  const remembered = loadRememberedTabs()
  const tabs = { ...known }
  for (const info of fresh) {
    terminalRegistry.ensure(info, 'restore')
    const title = remembered.titles[titleKey(info.terminalId, info.nodeId)]
    tabs[info.terminalId] = { terminalId: info.terminalId, nodeId: info.nodeId, title: title ?? info.title, renamed: title !== undefined, info }
  }
  const order = sortByRemembered([...access.get().order, ...fresh.map((info) => info.terminalId)], remembered.order)
  access.set({ tabs, order })
  const first = order[0]
  if (access.get().activeId === null && first) access.set(showTab(access.get(), first))
  for (const info of fresh) void replay(access, info.terminalId, generation)
}

/** The output the page missed, written before any live output (which waits meanwhile). */
async function replay(access: SyncAccess, terminalId: string, generation: number): Promise<void> {
  try {
    const { data } = await api().request('terminal.replay', { terminalId })
    if (access.isCurrent(generation)) terminalRegistry.finishRestore(terminalId, data)
  } catch (error) {
    terminalRegistry.finishRestore(terminalId, '')
    terminalRegistry.notice(terminalId, `Earlier output could not be loaded: ${messageOf(error)}`)
  }
}
