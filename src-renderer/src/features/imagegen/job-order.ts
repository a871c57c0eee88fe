import type { ImageJob, JobState } from '../../../../src-shared/imagegen'

export type JobsById = Readonly<Record<number, ImageJob>>

/** How far along a job is: a reply must not take back what a newer event already told. */
const stage: Readonly<Record<JobState, number>> = { queued: 0, sending: 1, running: 2, done: 3, failed: 3, cancelled: 3 }

/** Finished jobs a queue keeps showing under the live ones; the gallery holds the rest. */
export const finishedShown = 10

export function isFinished(job: ImageJob): boolean {
  return stage[job.state] === 3
}

export function isActive(job: ImageJob): boolean {
  return job.state === 'sending' || job.state === 'running'
}

/** An `imagegen.job` event: events come in order, so the newest always wins. */
export function withEvent(jobs: JobsById, job: ImageJob): JobsById {
  return { ...jobs, [job.id]: job }
}

/**
 * A request's reply: it may arrive after an event that already moved the job on (a fast job is
 * running before "submit" answers), so it only replaces a job that is not further along.
 */
export function withReply(jobs: JobsById, job: ImageJob): JobsById {
  const held = jobs[job.id]
  if (held && stage[held.state] > stage[job.state]) return jobs
  return { ...jobs, [job.id]: job }
}

/**
 * The core's full list, asked for when `asked` was held: it replaces what is held now, except a job
 * an event moved further on while the list was on its way. Anything older is stale, even further
 * along: a restarted core puts a job the worker never got from "running" back in the queue.
 */
export function withListed(asked: JobsById, held: JobsById, listed: readonly ImageJob[]): JobsById {
  return listed.reduce<JobsById>((next, job) => {
    const moved = held[job.id] !== asked[job.id] ? held[job.id] : undefined
    return { ...next, [job.id]: moved && stage[moved.state] > stage[job.state] ? moved : job }
  }, {})
}

/** A worker's queue as shown: what runs now, then what waits in order, then the latest finished. */
export function queueOf(jobs: JobsById, workerId: string): ImageJob[] {
  const mine = Object.values(jobs).filter((job) => job.workerId === workerId)
  const active = mine.filter(isActive).sort((a, b) => (a.startedAt ?? a.createdAt) - (b.startedAt ?? b.createdAt) || a.id - b.id)
  const queued = mine.filter((job) => job.state === 'queued').sort(byPosition)
  const finished = mine
    .filter(isFinished)
    .sort((a, b) => (b.finishedAt ?? b.createdAt) - (a.finishedAt ?? a.createdAt) || b.id - a.id)
    .slice(0, finishedShown)
  return [...active, ...queued, ...finished]
}

function byPosition(a: ImageJob, b: ImageJob): number {
  return a.position - b.position || a.id - b.id
}

/** The queued jobs this console manages, in order: the ones "Move up/down" reorders. */
export function ownQueued(jobs: readonly ImageJob[]): ImageJob[] {
  return jobs.filter((job) => job.state === 'queued' && !job.external).sort(byPosition)
}

/**
 * Where `imagegen.move` puts a job one step up or down among the own queued ones: before the job
 * now above it, or before the one two below (null: to the end). Null when it cannot move that way.
 */
export function moveTarget(queued: readonly ImageJob[], jobId: number, direction: 'up' | 'down'): { beforeJobId: number | null } | null {
  const index = queued.findIndex((job) => job.id === jobId)
  if (index < 0) return null
  if (direction === 'up') {
    const above = queued[index - 1]
    return above ? { beforeJobId: above.id } : null
  }
  if (index >= queued.length - 1) return null
  return { beforeJobId: queued[index + 2]?.id ?? null }
}
