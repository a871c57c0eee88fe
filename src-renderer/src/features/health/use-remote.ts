import { useEffect, useEffectEvent, useState } from 'react'
import { messageOf } from '../../api/failures'

export interface Remote<T> {
  /** The latest answer, kept on screen while the next one is on its way (no flicker). */
  readonly value: T | null
  /** The answer is for an earlier request key (another range): shown dimmed until the new one comes. */
  readonly stale: boolean
  readonly error: string | null
}

interface Held<T> {
  readonly key: string
  readonly value: T | null
  readonly error: string | null
}

/**
 * Loads `load()` whenever `requestKey` changes, then again `refreshMs` after each answer while
 * the page is visible (a hidden page skips its refreshes). Requests never overlap, and an answer
 * for a key that is no longer current is dropped.
 */
export function useRemote<T>(requestKey: string | null, load: () => Promise<T>, refreshMs: number | null): Remote<T> {
  const [held, setHeld] = useState<Held<T> | null>(null)
  const fetchNow = useEffectEvent(load)

  useEffect(() => {
    if (requestKey === null) return
    let current = true
    let timer: ReturnType<typeof setTimeout> | undefined
    const turn = async (first: boolean) => {
      if (first || document.visibilityState !== 'hidden') {
        try {
          const value = await fetchNow()
          if (current) setHeld({ key: requestKey, value, error: null })
        } catch (error) {
          const message = messageOf(error)
          if (current) setHeld((previous) => ({ key: requestKey, value: previous?.key === requestKey ? previous.value : null, error: message }))
        }
      }
      if (current && refreshMs !== null) timer = setTimeout(() => void turn(false), refreshMs)
    }
    void turn(true)
    return () => {
      current = false
      clearTimeout(timer)
    }
  }, [requestKey, refreshMs])

  if (requestKey === null || held === null) return { value: null, stale: false, error: null }
  const stale = held.key !== requestKey
  return { value: held.value, stale, error: stale ? null : held.error }
}
