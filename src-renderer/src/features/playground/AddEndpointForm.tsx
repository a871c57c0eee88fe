import { useId, useState } from 'react'
import { useEndpointsStore } from './endpoints-store'

/** An Ollama the inventory does not list: its URL and a name. */
export function AddEndpointForm() {
  const id = useId()
  const [url, setUrl] = useState('')
  const [name, setName] = useState('')
  const [problem, setProblem] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)

  const add = async () => {
    setBusy(true)
    const failure = await useEndpointsStore.getState().addEndpoint(url, name)
    setBusy(false)
    setProblem(failure)
    if (!failure) {
      setUrl('')
      setName('')
    }
  }

  return (
    <section className="add-endpoint" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>Add endpoint</h2>
      <form
        onSubmit={(event) => {
          event.preventDefault()
          void add()
        }}
      >
        <div className="field">
          <label htmlFor={`${id}-url`}>Endpoint URL</label>
          <input
            id={`${id}-url`}
            type="url"
            required
            value={url}
            placeholder="http://192.168.1.20:11434"
            aria-invalid={problem ? true : undefined}
            aria-describedby={problem ? `${id}-problem` : undefined}
            onChange={(event) => setUrl(event.target.value)}
          />
        </div>
        <div className="field">
          <label htmlFor={`${id}-name`}>Endpoint name</label>
          <input id={`${id}-name`} value={name} maxLength={100} placeholder="Optional, e.g. Laptop" onChange={(event) => setName(event.target.value)} />
        </div>
        <button type="submit" disabled={busy || url.trim() === ''}>
          Add endpoint
        </button>
      </form>
      {problem && (
        <p id={`${id}-problem`} className="field-problem" role="alert">
          Could not add it: {problem}
        </p>
      )}
    </section>
  )
}
