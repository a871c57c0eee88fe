import { useEffect, useId, useState } from 'react'
import { useGalleryStore } from './gallery-store'
import { modelChoices } from './gallery-filter'
import { useWorkersStore } from './workers-store'

const typingPauseMs = 300

/** Words of the prompt, a worker, a model: the gallery reads its first page again under them. */
export function GalleryFilters() {
  const id = useId()
  const filter = useGalleryStore((store) => store.filter)
  const images = useGalleryStore((store) => store.images)
  const workers = useWorkersStore((store) => store.workers)
  const [text, setText] = useState(filter.text)
  const models = modelChoices(images, filter.model)

  useEffect(() => {
    if (text === useGalleryStore.getState().filter.text) return
    // Asks once the user pauses, not on every key.
    const timer = setTimeout(() => void useGalleryStore.getState().setFilter({ ...useGalleryStore.getState().filter, text }), typingPauseMs)
    return () => clearTimeout(timer)
  }, [text])

  const setFilter = useGalleryStore((store) => store.setFilter)
  return (
    <div className="ig-filters" role="search" aria-label="Filter the gallery">
      <div className="field">
        <label htmlFor={`${id}-text`}>Search prompts</label>
        <input id={`${id}-text`} type="search" value={text} onChange={(event) => setText(event.target.value)} />
      </div>
      <div className="field">
        <label htmlFor={`${id}-worker`}>Worker</label>
        <select id={`${id}-worker`} value={filter.workerId} onChange={(event) => void setFilter({ ...filter, workerId: event.target.value })}>
          <option value="">All workers</option>
          {workers.map((worker) => (
            <option key={worker.id} value={worker.id}>
              {worker.name}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={`${id}-model`}>Model</label>
        <select id={`${id}-model`} value={filter.model} onChange={(event) => void setFilter({ ...filter, model: event.target.value })}>
          <option value="">All models</option>
          {models.map((model) => (
            <option key={model} value={model}>
              {model}
            </option>
          ))}
        </select>
      </div>
    </div>
  )
}
