import { describe, expect, it } from 'vitest'
import { historyBack, historyForward, mergeHistory, newCursor, type HistoryCursor } from './command-history'

const history = ['list', 'tps', 'say hi']

/** Presses the keys in turn from `typed`, returning the text after each. */
function press(keys: readonly ('up' | 'down')[], typed: string): string[] {
  let cursor: HistoryCursor = newCursor
  let text = typed
  return keys.map((key) => {
    const step = key === 'up' ? historyBack(history, cursor, text) : historyForward(history, cursor)
    if (step) {
      cursor = step.cursor
      text = step.text
    }
    return text
  })
}

describe('command history', () => {
  it('walks back from the newest command to the oldest and stays there', () => {
    expect(press(['up', 'up', 'up', 'up'], '')).toEqual(['say hi', 'tps', 'list', 'list'])
  })

  it('walks forward again and gives back what was being typed past the newest', () => {
    expect(press(['up', 'up', 'down', 'down', 'down'], 'whitel')).toEqual(['say hi', 'tps', 'say hi', 'whitel', 'whitel'])
  })

  it('does nothing with no history or on ↓ while typing', () => {
    expect(historyBack([], newCursor, 'x')).toBeNull()
    expect(historyForward(history, newCursor)).toBeNull()
  })

  it('stays inside a history that shrank under the cursor', () => {
    expect(historyBack(['only'], { index: 5, draft: '' }, '')).toEqual({ cursor: { index: 0, draft: '' }, text: 'only' })
  })

  it('puts the saved commands before this session’s, without repeating one back to back', () => {
    expect(mergeHistory(['list', 'list', 'tps'], ['tps', 'say hi', 'list'])).toEqual(['list', 'tps', 'say hi', 'list'])
    expect(mergeHistory([], [])).toEqual([])
  })
})
