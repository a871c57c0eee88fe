import { useState } from 'react'
import type { ImageJob } from '../../../../src-shared/imagegen'
import { ConfirmDialog } from '../../components/ConfirmDialog'
import { isFinished } from './job-order'
import { useJobsStore } from './jobs-store'

interface JobActionsProps {
  readonly job: ImageJob
  readonly place: number
  readonly movableCount: number
  readonly stoppable: boolean
}

/**
 * Cancel (a running job asks first: its steps are lost; one the worker's API cannot stop says so
 * instead), Retry, Duplicate with a new seed, Move up/down while queued.
 */
export function JobActions({ job, place, movableCount, stoppable }: JobActionsProps) {
  const busy = useJobsStore((store) => store.busy[job.id])
  const [confirming, setConfirming] = useState(false)
  const store = useJobsStore.getState
  const running = job.state === 'running' || job.state === 'sending'
  const retryable = job.state === 'failed' || job.state === 'cancelled'

  return (
    <div className="ig-job-actions">
      {place >= 0 && (
        <>
          <button type="button" disabled={busy !== undefined || place === 0} onClick={() => void store().move(job.id, 'up')}>
            Move up
          </button>
          <button type="button" disabled={busy !== undefined || place === movableCount - 1} onClick={() => void store().move(job.id, 'down')}>
            Move down
          </button>
        </>
      )}
      {running && !stoppable && <span className="muted">The worker’s API cannot stop a job it was sent.</span>}
      {!isFinished(job) && (!running || stoppable) && (
        <button type="button" disabled={busy !== undefined} onClick={() => (running ? setConfirming(true) : void store().cancel(job.id))}>
          Cancel
        </button>
      )}
      {retryable && (
        <button type="button" disabled={busy !== undefined} onClick={() => void store().retry(job.id)}>
          Retry
        </button>
      )}
      <button type="button" disabled={busy !== undefined} onClick={() => void store().duplicate(job.id)}>
        Duplicate
      </button>
      {confirming && running && stoppable && (
        <ConfirmDialog
          title={`Stop job ${job.id}?`}
          text="It is generating now: the worker is interrupted and the steps done so far are lost."
          confirm="Stop job"
          onConfirm={() => void store().cancel(job.id)}
          onClose={() => setConfirming(false)}
        />
      )}
    </div>
  )
}
