import { useEffect, useState } from 'react'
import { api } from '../../api/api'
import { imageSource } from './preview-source'

const pollMs = 1000

/** The running job's live preview, asked for about once a second while it runs; null until one comes. */
export function useJobPreview(jobId: number, live: boolean): string | null {
  const [preview, setPreview] = useState<{ readonly jobId: number; readonly source: string } | null>(null)

  useEffect(() => {
    if (!live) return
    let stopped = false
    let timer: ReturnType<typeof setTimeout> | undefined
    // One request at a time: a slow core is not asked again before it answered.
    const poll = async () => {
      try {
        const { image } = await api().request('imagegen.preview', { jobId })
        const source = imageSource(image)
        if (!stopped && source !== null) setPreview({ jobId, source })
      } catch {
        // A missed preview is replaced by the next one; the job's state says what matters.
      }
      if (!stopped) timer = setTimeout(() => void poll(), pollMs)
    }
    void poll()
    return () => {
      stopped = true
      clearTimeout(timer)
    }
  }, [jobId, live])

  return preview?.jobId === jobId ? preview.source : null
}
