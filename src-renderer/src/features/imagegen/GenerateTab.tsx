import { GenerateForm } from './GenerateForm'
import { WorkerQueue } from './WorkerQueue'
import { useWorkersStore } from './workers-store'

/** The submit form beside one queue per worker. */
export function GenerateTab() {
  const workers = useWorkersStore((store) => store.workers)
  const loaded = useWorkersStore((store) => store.loaded)
  const error = useWorkersStore((store) => store.error)
  return (
    <div className="images-generate">
      <GenerateForm />
      <div className="images-queues">
        {error && (
          <p className="playground-error" role="alert">
            {error}
          </p>
        )}
        {!loaded ? (
          <p className="loading" role="status">
            Looking for image workers…
          </p>
        ) : (
          !error &&
          workers.length === 0 && (
            <p className="playground-empty">
              No image worker yet: add a service of kind “imagegen” (api: worker, a1111 or comfyui) to a node of the inventory.
            </p>
          )
        )}
        {workers.map((worker) => (
          <WorkerQueue key={worker.id} worker={worker} />
        ))}
      </div>
    </div>
  )
}
