import type { ImageJob } from '../../../src-shared/imagegen'

/**
 * Sends `imagegen.job`: a change of state at once, progress and previews at most once per
 * `intervalMs` per job (the latest wins), so a fast sampler does not flood the page.
 */
export class JobEvents {
  private readonly pending = new Map<number, NodeJS.Timeout>()
  private readonly lastSent = new Map<number, number>()

  constructor(
    private readonly describe: (jobId: number) => ImageJob | undefined,
    private readonly emit: (job: ImageJob) => void,
    private readonly intervalMs: number
  ) {}

  changed(jobId: number, urgent: boolean): void {
    const waited = Date.now() - (this.lastSent.get(jobId) ?? 0)
    if (urgent || waited >= this.intervalMs) return this.send(jobId)
    if (this.pending.has(jobId)) return
    this.pending.set(
      jobId,
      setTimeout(() => this.send(jobId), this.intervalMs - waited)
    )
  }

  close(): void {
    for (const timer of this.pending.values()) clearTimeout(timer)
    this.pending.clear()
  }

  private send(jobId: number): void {
    clearTimeout(this.pending.get(jobId))
    this.pending.delete(jobId)
    const job = this.describe(jobId)
    if (!job) return
    if (job.state === 'done' || job.state === 'failed' || job.state === 'cancelled') this.lastSent.delete(jobId)
    else this.lastSent.set(jobId, Date.now())
    this.emit(job)
  }
}
