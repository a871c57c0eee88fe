/** Where ↑/↓ stand in the history: `index` null is the line being typed, kept in `draft`. */
export interface HistoryCursor {
  readonly index: number | null
  readonly draft: string
}

export interface HistoryStep {
  readonly cursor: HistoryCursor
  readonly text: string
}

export const newCursor: HistoryCursor = { index: null, draft: '' }

/** The saved commands (oldest first) then this session's, without one repeated back to back. */
export function mergeHistory(saved: readonly string[], session: readonly string[]): readonly string[] {
  const merged: string[] = []
  for (const command of [...saved, ...session]) if (merged[merged.length - 1] !== command) merged.push(command)
  return merged
}

/** ↑: the command before, keeping what was typed; null at the oldest. */
export function historyBack(history: readonly string[], cursor: HistoryCursor, typed: string): HistoryStep | null {
  if (history.length === 0 || cursor.index === 0) return null
  const index = cursor.index === null ? history.length - 1 : Math.min(cursor.index, history.length) - 1
  return { cursor: { index, draft: cursor.index === null ? typed : cursor.draft }, text: history[index]! }
}

/** ↓: the command after, and past the newest what was typed; null when already there. */
export function historyForward(history: readonly string[], cursor: HistoryCursor): HistoryStep | null {
  if (cursor.index === null) return null
  const index = cursor.index + 1
  if (index >= history.length) return { cursor: { index: null, draft: '' }, text: cursor.draft }
  return { cursor: { index, draft: cursor.draft }, text: history[index]! }
}
