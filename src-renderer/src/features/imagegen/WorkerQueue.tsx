import { useId, useMemo } from 'react'
import type { ImageWorker } from '../../../../src-shared/imagegen'
import { StatusBadge } from '../../components/StatusBadge'
import { useHealthStore } from '../health/health-store'
import { GpuFigures } from './GpuFigures'
import { workerHealth } from './worker-health'
import { JobItem } from './JobItem'
import { ownQueued, queueOf } from './job-order'
import { useJobsStore } from './jobs-store'

const apiNames: Readonly<Record<ImageWorker['api'], string>> = { worker: 'worker API', a1111: 'AUTOMATIC1111', comfyui: 'ComfyUI' }

/** One worker: its own state and its node's GPU next to its queue, what runs first, then what waits, then the latest finished. */
export function WorkerQueue({ worker }: { readonly worker: ImageWorker }) {
  const id = useId()
  const jobs = useJobsStore((store) => store.jobs)
  const node = useHealthStore((store) => store.nodes[worker.nodeId])
  const health = useMemo(() => workerHealth(node, worker.id), [node, worker.id])
  const queue = useMemo(() => queueOf(jobs, worker.id), [jobs, worker.id])
  const movable = useMemo(() => ownQueued(queue).map((job) => job.id), [queue])
  const waiting = queue.filter((job) => job.state === 'queued').length

  return (
    <section className="ig-queue" aria-labelledby={`${id}-title`}>
      <header className="ig-queue-header">
        <h2 id={`${id}-title`}>{worker.name}</h2>
        <span className="kind-chip">{apiNames[worker.api]}</span>
        {health && <StatusBadge status={health.status} {...(health.reason && { title: health.reason })} />}
        <GpuFigures worker={worker} />
        <span className="muted ig-queue-count">{waiting === 1 ? '1 waiting' : `${waiting} waiting`}</span>
      </header>
      {queue.length === 0 ? (
        <p className="muted ig-queue-empty">Nothing queued.</p>
      ) : (
        <ol className="ig-jobs" aria-label={`Queue of ${worker.name}`}>
          {queue.map((job) => (
            <JobItem key={job.id} job={job} place={movable.indexOf(job.id)} movableCount={movable.length} stoppable={worker.api !== 'worker'} />
          ))}
        </ol>
      )}
    </section>
  )
}
