import { useLayoutEffect, useRef, useState, type RefObject } from 'react'
import { followsAfterScroll } from './follow-bottom'

export interface FollowBottom {
  /** For the scrolled box. */
  readonly box: RefObject<HTMLDivElement | null>
  readonly following: boolean
  readonly onScroll: () => void
  /** Back to the newest line, following again. */
  readonly jumpToLatest: () => void
}

/** Keeps a scrolled box at its newest line as `content` changes, until the user scrolls up. */
export function useFollowBottom(content: unknown): FollowBottom {
  const box = useRef<HTMLDivElement>(null)
  const [following, setFollowing] = useState(true)
  const lastTop = useRef(0)

  useLayoutEffect(() => {
    const element = box.current
    if (!element || !following) return
    element.scrollTop = element.scrollHeight
    lastTop.current = element.scrollTop
  }, [content, following])

  const onScroll = () => {
    const element = box.current
    if (!element) return
    const previousTop = lastTop.current
    const metrics = { scrollTop: element.scrollTop, scrollHeight: element.scrollHeight, clientHeight: element.clientHeight }
    lastTop.current = element.scrollTop
    setFollowing((now) => followsAfterScroll(now, metrics, previousTop))
  }

  const jumpToLatest = () => {
    const element = box.current
    if (element) {
      element.scrollTop = element.scrollHeight
      lastTop.current = element.scrollTop
    }
    setFollowing(true)
  }

  return { box, following, onScroll, jumpToLatest }
}
