/** "unloads in 4 min"; "stays loaded" for no expiry, which the core gives a model kept for ever (keep_alive -1). */
export function formatExpiry(expiresAt: string | null, nowMs: number): string {
  if (expiresAt === null) return 'stays loaded'
  const at = Date.parse(expiresAt)
  if (!Number.isFinite(at)) return 'unloads at an unknown time'
  const left = at - nowMs
  if (left <= 0) return 'unloading now'
  const seconds = Math.ceil(left / 1000)
  if (seconds < 60) return `unloads in ${seconds} s`
  const minutes = Math.round(seconds / 60)
  if (minutes < 60) return `unloads in ${minutes} min`
  const hours = Math.round(minutes / 60)
  if (hours < 48) return `unloads in ${hours} h`
  return `unloads in ${Math.round(hours / 24)} d`
}

/** Where a loaded model sits, as `ollama ps` says it: "100% GPU", "48%/52% CPU/GPU", "100% CPU". */
export function formatProcessor(size: number, sizeVram: number): string {
  if (!(size > 0)) return '—'
  const gpu = Math.round((Math.min(Math.max(sizeVram, 0), size) / size) * 100)
  if (gpu === 100) return '100% GPU'
  if (gpu === 0) return '100% CPU'
  return `${100 - gpu}%/${gpu}% CPU/GPU`
}

/** keep_alive choices for "Load": seconds, or -1 for ever. */
export const keepAliveChoices = [
  { seconds: 5 * 60, label: '5 minutes' },
  { seconds: 30 * 60, label: '30 minutes' },
  { seconds: 3600, label: '1 hour' },
  { seconds: 24 * 3600, label: '1 day' },
  { seconds: -1, label: 'until unloaded' }
] as const
