import { useId, useMemo, useState } from 'react'
import { ModelName } from '../../../../src-shared/ollama'
import { pullsOf } from './pull-progress'
import { PullProgressView } from './PullProgressView'
import { usePullsStore } from './pulls-store'

/** "Pull a model" on one endpoint, and the pulls there with a bar per layer. */
export function PullForm({ endpointId }: { readonly endpointId: string }) {
  const id = useId()
  const pulls = usePullsStore((store) => store.pulls)
  const shown = useMemo(() => pullsOf(pulls, endpointId), [pulls, endpointId])
  const [model, setModel] = useState('')
  const [problem, setProblem] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)

  const pull = async () => {
    const name = model.trim()
    if (!ModelName.safeParse(name).success) {
      setProblem(`“${name}” is not a model name: e.g. llama3.2:1b or qwen3:4b`)
      return
    }
    setBusy(true)
    const failure = await usePullsStore.getState().pull(endpointId, name)
    setBusy(false)
    setProblem(failure === null ? null : `Could not start the pull: ${failure}`)
    if (failure === null) setModel('')
  }

  return (
    <div className="pull-form">
      <form
        onSubmit={(event) => {
          event.preventDefault()
          void pull()
        }}
      >
        <div className="field">
          <label htmlFor={id}>Model to pull</label>
          <input
            id={id}
            value={model}
            placeholder="e.g. llama3.2:1b"
            aria-invalid={problem ? true : undefined}
            aria-describedby={problem ? `${id}-problem` : undefined}
            onChange={(event) => setModel(event.target.value)}
          />
        </div>
        <button type="submit" disabled={busy || model.trim() === ''}>
          Pull
        </button>
      </form>
      {problem && (
        <p id={`${id}-problem`} className="field-problem" role="alert">
          {problem}
        </p>
      )}
      {shown.map((progress) => (
        <PullProgressView key={progress.pullId} pull={progress} dismissable />
      ))}
    </div>
  )
}
