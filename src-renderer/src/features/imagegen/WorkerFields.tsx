import { useEffect, useId } from 'react'
import { useWorkersStore } from './workers-store'
import type { FormField, SubmitForm } from './submit-form'

interface WorkerFieldsProps {
  readonly form: SubmitForm
  readonly problems: Readonly<Partial<Record<FormField, string>>>
  readonly onChange: (patch: Partial<SubmitForm>) => void
}

/** Which worker makes the images, and which of its checkpoints (or the one it has loaded). */
export function WorkerFields({ form, problems, onChange }: WorkerFieldsProps) {
  const id = useId()
  const workers = useWorkersStore((store) => store.workers)
  const models = useWorkersStore((store) => (form.workerId === null ? undefined : store.models[form.workerId]))
  const known = workers.some((worker) => worker.id === form.workerId)
  const listed = models?.models ?? []

  useEffect(() => {
    if (form.workerId !== null && known) void useWorkersStore.getState().loadModels(form.workerId)
  }, [form.workerId, known])

  const chooseWorker = (workerId: string) => {
    const theirs = useWorkersStore.getState().models[workerId]?.models ?? []
    onChange({ workerId: workerId === '' ? null : workerId, model: form.model !== null && theirs.includes(form.model) ? form.model : null })
  }

  return (
    <>
      <div className="field">
        <label htmlFor={`${id}-worker`}>Worker</label>
        <select
          id={`${id}-worker`}
          value={form.workerId ?? ''}
          aria-invalid={problems.workerId ? true : undefined}
          aria-describedby={problems.workerId ? `${id}-worker-problem` : undefined}
          onChange={(event) => chooseWorker(event.target.value)}
        >
          <option value="">{workers.length === 0 ? 'No worker yet' : 'Choose a worker'}</option>
          {workers.map((worker) => (
            <option key={worker.id} value={worker.id}>
              {worker.name}
            </option>
          ))}
          {form.workerId !== null && !known && <option value={form.workerId}>{form.workerId} (gone)</option>}
        </select>
        {problems.workerId && (
          <span id={`${id}-worker-problem`} className="field-problem">
            {problems.workerId}
          </span>
        )}
      </div>
      <div className="field">
        <label htmlFor={`${id}-model`}>Model</label>
        <select
          id={`${id}-model`}
          value={form.model ?? ''}
          disabled={form.workerId === null}
          aria-describedby={models?.error ? `${id}-model-problem` : undefined}
          onChange={(event) => onChange({ model: event.target.value === '' ? null : event.target.value })}
        >
          <option value="">{models?.loading && listed.length === 0 ? 'Loading models…' : 'The loaded model'}</option>
          {listed.map((model) => (
            <option key={model} value={model}>
              {model}
            </option>
          ))}
          {form.model !== null && !listed.includes(form.model) && <option value={form.model}>{form.model} (not listed)</option>}
        </select>
        {models?.error && (
          <span id={`${id}-model-problem`} className="field-problem">
            Could not list the models: {models.error}{' '}
            <button type="button" className="link-button" onClick={() => form.workerId && void useWorkersStore.getState().loadModels(form.workerId, true)}>
              Try again
            </button>
          </span>
        )}
      </div>
    </>
  )
}
