import type { ImageJob } from '../../../../src-shared/imagegen'
import { progressPercent, progressText } from './job-text'
import { useJobPreview } from './use-job-preview'

/** A running job's progress bar, its step and ETA, and the live preview when the backend gives one. */
export function JobProgressView({ job }: { readonly job: ImageJob }) {
  const preview = useJobPreview(job.id, job.hasPreview)
  const text = progressText(job.progress)
  return (
    <div className="ig-progress">
      <div className="ig-progress-bar">
        <progress max={100} value={progressPercent(job.progress)} aria-label={`Progress of job ${job.id}`} aria-valuetext={text} />
        <span className="ig-progress-text">{text}</span>
      </div>
      {preview && <img className="ig-preview" src={preview} alt={`Live preview of job ${job.id}`} />}
    </div>
  )
}
