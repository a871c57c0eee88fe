import type { ImageJob, JobProgress, JobState } from '../../../../src-shared/imagegen'

export const stateLabels: Readonly<Record<JobState, string>> = {
  queued: 'queued',
  sending: 'sending',
  running: 'running',
  done: 'done',
  failed: 'failed',
  cancelled: 'cancelled'
}

/** "12 s", "3 min 5 s": an ETA the eye takes in at once. */
export function formatEta(seconds: number): string {
  const whole = Math.max(0, Math.round(seconds))
  if (whole < 60) return `${whole} s`
  const minutes = Math.floor(whole / 60)
  const rest = whole % 60
  return rest === 0 ? `${minutes} min` : `${minutes} min ${rest} s`
}

/** The percent a progress bar shows, kept within 0–100 whatever the backend sent. */
export function progressPercent(progress: JobProgress | null): number {
  if (!progress || !Number.isFinite(progress.percent)) return 0
  return Math.min(100, Math.max(0, Math.round(progress.percent)))
}

/** "42 % · step 8 of 20 · about 12 s left". */
export function progressText(progress: JobProgress | null): string {
  const parts = [`${progressPercent(progress)} %`]
  if (progress?.step != null && progress.steps != null) parts.push(`step ${progress.step} of ${progress.steps}`)
  if (progress?.etaSeconds != null && Number.isFinite(progress.etaSeconds)) parts.push(`about ${formatEta(progress.etaSeconds)} left`)
  return parts.join(' · ')
}

/** "1024×1024 · 30 steps · CFG 7 · seed 42" (the seed once drawn, or "random seed"). */
export function jobSettingsText(job: ImageJob): string {
  const { width, height, steps, cfg } = job.params
  const seed = job.seed ?? job.params.seed
  return `${width}×${height} · ${steps} steps · CFG ${cfg} · ${seed === null ? 'random seed' : `seed ${seed}`}`
}
