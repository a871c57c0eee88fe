/** What the terminals remember: look in localStorage, this window's tabs in sessionStorage. */

export const defaultFontSize = 14
export const minFontSize = 8
export const maxFontSize = 32

export interface TerminalPrefs {
  readonly fontSize: number
  readonly copyOnSelect: boolean
}

export interface RememberedTabs {
  readonly order: readonly string[]
  /** The user's names for tabs, by "terminalId@nodeId" so a restarted core's "t1" is not mistaken. */
  readonly titles: Readonly<Record<string, string>>
}

const prefsKey = 'homelab-console-terminals'
const tabsKey = 'homelab-console-terminal-tabs'

export function clampFontSize(size: number): number {
  return Math.max(minFontSize, Math.min(maxFontSize, Math.round(size)))
}

/** Stored prefs, checked: anything missing or malformed falls back to the default. */
export function parsePrefs(text: string | null): TerminalPrefs {
  const value = safeParse(text)
  const fontSize = typeof value?.fontSize === 'number' && Number.isFinite(value.fontSize) ? clampFontSize(value.fontSize) : defaultFontSize
  return { fontSize, copyOnSelect: value?.copyOnSelect === true }
}

export function parseRememberedTabs(text: string | null): RememberedTabs {
  const value = safeParse(text)
  const order = Array.isArray(value?.order) ? value.order.filter((id): id is string => typeof id === 'string') : []
  const titles: Record<string, string> = {}
  const stored = value?.titles
  if (stored && typeof stored === 'object' && !Array.isArray(stored)) {
    for (const [key, title] of Object.entries(stored)) if (typeof title === 'string') titles[key] = title
  }
  return { order, titles }
}

export function titleKey(terminalId: string, nodeId: string): string {
  return `${terminalId}@${nodeId}`
}

export function loadPrefs(): TerminalPrefs {
  return parsePrefs(read(localStorage, prefsKey))
}

export function savePrefs(prefs: TerminalPrefs): void {
  write(localStorage, prefsKey, JSON.stringify(prefs))
}

export function loadRememberedTabs(): RememberedTabs {
  return parseRememberedTabs(read(sessionStorage, tabsKey))
}

export function saveRememberedTabs(tabs: RememberedTabs): void {
  write(sessionStorage, tabsKey, JSON.stringify(tabs))
}

function safeParse(text: string | null): Record<string, unknown> | null {
  if (!text) return null
  try {
    const value: unknown = JSON.parse(text)
    return value && typeof value === 'object' ? (value as Record<string, unknown>) : null
  } catch {
    return null
  }
}

// Storage can be full or switched off; remembering is a convenience, never a failure.
function read(storage: Storage, key: string): string | null {
  try {
    return storage.getItem(key)
  } catch {
    return null
  }
}

function write(storage: Storage, key: string, value: string): void {
  try {
    storage.setItem(key, value)
  } catch {
    // see read()
  }
}
