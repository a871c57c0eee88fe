/** How close to the bottom still counts as "at the bottom", in pixels. */
const slack = 48

/**
 * Keeps a scrolled box at its bottom while its content grows (a streaming answer), unless the
 * user has scrolled up to read: then it stays where they are until they scroll back down.
 * Returns the function that stops it.
 */
export function stickToBottom(box: HTMLElement, content: HTMLElement): () => void {
  let following = true
  let lastTop = box.scrollTop
  const onScroll = () => {
    // Only a move up is the user's: following the content only ever moves down, and content
    // growing between a scroll and its event must not count as leaving the bottom.
    if (box.scrollTop < lastTop - 1) following = false
    else if (box.scrollHeight - box.scrollTop - box.clientHeight <= slack) following = true
    lastTop = box.scrollTop
  }
  const observer = new ResizeObserver(() => {
    if (!following) return
    box.scrollTop = box.scrollHeight
    lastTop = box.scrollTop
  })
  box.addEventListener('scroll', onScroll, { passive: true })
  observer.observe(content)
  box.scrollTop = box.scrollHeight
  lastTop = box.scrollTop
  return () => {
    box.removeEventListener('scroll', onScroll)
    observer.disconnect()
  }
}
