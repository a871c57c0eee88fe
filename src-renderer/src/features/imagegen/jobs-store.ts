import { create } from 'zustand'
import type { ImageJob } from '../../../../src-shared/imagegen'
import { api } from '../../api/api'
import { isMissingFeature, messageOf } from '../../api/failures'
import { useToastStore } from '../../app/toast-store'
import { isFinished, moveTarget, ownQueued, queueOf, withEvent, withListed, withReply, type JobsById } from './job-order'
import type { SubmitInput } from './submit-form'
import { workerName } from './workers-store'

export type JobAction = 'cancel' | 'retry' | 'duplicate' | 'move'

interface JobsStore {
  readonly jobs: JobsById
  readonly loaded: boolean
  /** The action under way per job id, so its buttons wait. */
  readonly busy: Readonly<Record<number, JobAction>>
  start(): () => void
  /** Lists every job again, e.g. after the connection was down and events were missed. */
  refresh(): Promise<void>
  /** Queues `count` jobs; resolves with the problem, or null once they are queued. */
  submit(input: SubmitInput): Promise<string | null>
  cancel(jobId: number): Promise<void>
  retry(jobId: number): Promise<void>
  duplicate(jobId: number): Promise<void>
  move(jobId: number, direction: 'up' | 'down'): Promise<void>
}

const toast = (message: string) => useToastStore.getState().show(message)

/** Every worker's jobs by id, kept current by `imagegen.job` events. */
export const useJobsStore = create<JobsStore>()((set, get) => {
  const setBusy = (jobId: number, action: JobAction | null) => {
    const { [jobId]: _was, ...rest } = get().busy
    set({ busy: action ? { ...rest, [jobId]: action } : rest })
  }

  /** Runs one action on a job; a failure becomes a toast that names the job and its worker. */
  const act = async (jobId: number, action: JobAction, failure: string, work: () => Promise<readonly ImageJob[]>, merge = withReply) => {
    if (get().busy[jobId]) return
    setBusy(jobId, action)
    try {
      set({ jobs: (await work()).reduce(merge, get().jobs) })
    } catch (error) {
      const job = get().jobs[jobId]
      toast(`${failure} job ${jobId}${job ? ` on ${workerName(job.workerId)}` : ''}: ${messageOf(error)}`)
    } finally {
      setBusy(jobId, null)
    }
  }

  return {
    jobs: {},
    loaded: false,
    busy: {},

    start() {
      const stop = api().on('imagegen.job', (job) => set({ jobs: withEvent(get().jobs, job) }))
      void get().refresh()
      return stop
    },

    async refresh() {
      try {
        const asked = get().jobs
        const listed = await api().request('imagegen.jobs', {})
        set({ jobs: withListed(asked, get().jobs, listed), loaded: true })
      } catch (error) {
        set({ loaded: true })
        if (!isMissingFeature(error)) toast(`Could not list the image jobs: ${messageOf(error)}`)
      }
    },

    async submit(input) {
      try {
        const queued = await api().request('imagegen.submit', input)
        set({ jobs: queued.reduce(withReply, get().jobs) })
        return null
      } catch (error) {
        return messageOf(error)
      }
    },

    cancel: (jobId) => act(jobId, 'cancel', 'Could not cancel', async () => [await api().request('imagegen.cancel', { jobId })]),

    retry: (jobId) =>
      act(jobId, 'retry', 'Could not retry', async () => [await api().request('imagegen.retry', { jobId })], (jobs, job) => {
        // A retried job may keep its id: the reply's "queued" is then newer than the held "failed".
        const held = jobs[job.id]
        return held && isFinished(held) ? withEvent(jobs, job) : withReply(jobs, job)
      }),

    duplicate: (jobId) => act(jobId, 'duplicate', 'Could not duplicate', async () => [await api().request('imagegen.duplicate', { jobId })]),

    async move(jobId, direction) {
      const job = get().jobs[jobId]
      if (!job) return
      const target = moveTarget(ownQueued(queueOf(get().jobs, job.workerId)), jobId, direction)
      if (!target) return
      await act(jobId, 'move', 'Could not move', () => api().request('imagegen.move', { jobId, beforeJobId: target.beforeJobId }))
    }
  }
})
