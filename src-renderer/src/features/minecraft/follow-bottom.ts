/** How close to the bottom still counts as "at the bottom", in pixels. */
const slack = 24

export interface ScrollBox {
  readonly scrollTop: number
  readonly scrollHeight: number
  readonly clientHeight: number
}

/**
 * Whether the log keeps following new lines after a scroll: a move up by the user pauses it,
 * reaching the bottom again resumes it. Content growing (which only moves the top down) never
 * counts as leaving the bottom.
 */
export function followsAfterScroll(following: boolean, box: ScrollBox, previousTop: number): boolean {
  if (box.scrollHeight - box.scrollTop - box.clientHeight <= slack) return true
  if (box.scrollTop < previousTop - 1) return false
  return following
}
