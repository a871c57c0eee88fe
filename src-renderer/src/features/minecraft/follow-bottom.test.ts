import { describe, expect, it } from 'vitest'
import { followsAfterScroll } from './follow-bottom'

const box = (scrollTop: number) => ({ scrollTop, scrollHeight: 2000, clientHeight: 500 })

describe('followsAfterScroll', () => {
  it('pauses when the user scrolls up, and resumes at the bottom', () => {
    expect(followsAfterScroll(true, box(1200), 1500)).toBe(false)
    expect(followsAfterScroll(false, box(1300), 1200)).toBe(false)
    expect(followsAfterScroll(false, box(1500), 1300)).toBe(true)
    expect(followsAfterScroll(false, box(1490), 1300)).toBe(true)
  })

  it('keeps following while new lines push the bottom away', () => {
    expect(followsAfterScroll(true, { scrollTop: 1500, scrollHeight: 2600, clientHeight: 500 }, 1500)).toBe(true)
  })
})
