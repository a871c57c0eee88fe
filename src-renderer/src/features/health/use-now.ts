import { useEffect, useState } from 'react'

/** The time, renewed every `everyMs`: for "5 min ago" texts that must not go stale on screen. */
export function useNow(everyMs: number): number {
  const [now, setNow] = useState(() => Date.now())
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), everyMs)
    return () => clearInterval(timer)
  }, [everyMs])
  return now
}
