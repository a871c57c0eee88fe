import type { ImageJob } from '../../../../src-shared/imagegen'
import { JobActions } from './JobActions'
import { JobProgressView } from './JobProgressView'
import { jobSettingsText, stateLabels } from './job-text'

interface JobItemProps {
  readonly job: ImageJob
  /** Its place among the own queued jobs (−1 when it is not one), for Move up/down. */
  readonly place: number
  readonly movableCount: number
  /** Whether the worker's API can stop a job it is generating (the seed's worker cannot). */
  readonly stoppable: boolean
}

/** A job of a queue: what it makes, where it is, and what can be done with it. */
export function JobItem({ job, place, movableCount, stoppable }: JobItemProps) {
  const live = job.state === 'running' || job.state === 'sending'
  return (
    <li className={`ig-job is-${job.state}`} aria-busy={live}>
      <div className="ig-job-head">
        <span className={`ig-state is-${job.state}`}>{stateLabels[job.state]}</span>
        <span className="ig-job-prompt" title={job.params.prompt}>
          {job.params.prompt}
        </span>
        {job.external && <span className="kind-chip">other client</span>}
      </div>
      <p className="muted ig-job-settings">
        Job {job.id} · {jobSettingsText(job)}
        {job.params.model !== null && ` · ${job.params.model}`}
        {job.imageIds.length > 0 && ` · ${job.imageIds.length === 1 ? '1 image' : `${job.imageIds.length} images`}`}
      </p>
      {job.state === 'running' && <JobProgressView job={job} />}
      {job.message && <p className={job.state === 'failed' ? 'ig-job-failure' : 'ig-job-note'}>{job.message}</p>}
      {!job.external && <JobActions job={job} place={place} movableCount={movableCount} stoppable={stoppable} />}
    </li>
  )
}
