import { useEffect, useId, useState } from 'react'
import type { OllamaEndpoint } from '../../../../src-shared/ollama'
import { useEndpointsStore } from './endpoints-store'
import { keepAliveChoices } from './loaded-models'
import { LoadedModels } from './LoadedModels'
import { ModelsTable } from './ModelsTable'
import { PullForm } from './PullForm'

/** One Ollama endpoint: version, models on disk, models in memory, pulls; why it cannot be reached, with Retry. */
export function EndpointCard({ endpoint }: { readonly endpoint: OllamaEndpoint }) {
  const id = useId()
  const state = useEndpointsStore((store) => store.overviews[endpoint.id])
  const [keepAlive, setKeepAlive] = useState<number>(keepAliveChoices[0].seconds)
  const overview = state?.overview ?? null
  const { reloadOverview, removeEndpoint } = useEndpointsStore.getState()

  useEffect(() => useEndpointsStore.getState().ensureOverview(endpoint.id), [endpoint.id])

  return (
    <section className="endpoint-card" aria-labelledby={`${id}-title`} aria-busy={state?.loading ?? true}>
      <header className="endpoint-card-header">
        <div>
          <h2 id={`${id}-title`}>{endpoint.name}</h2>
          <p className="muted endpoint-url">
            {endpoint.url}
            {overview && <> · Ollama {overview.version}</>}
            {endpoint.adhoc && <> · added by you</>}
          </p>
        </div>
        <div className="endpoint-card-actions">
          <button type="button" disabled={state?.loading} onClick={() => void reloadOverview(endpoint.id)}>
            {state?.error ? 'Retry' : 'Refresh'}
          </button>
          {endpoint.adhoc && (
            <button type="button" onClick={() => void removeEndpoint(endpoint.id)}>
              Remove endpoint
            </button>
          )}
        </div>
      </header>
      {state?.error && (
        <p className="playground-error" role="alert">
          {state.error}
        </p>
      )}
      {!overview && state?.loading && <p className="muted">Reading {endpoint.name}…</p>}
      {overview && (
        <>
          <div className="field keep-alive">
            <label htmlFor={`${id}-keep`}>Keep loaded for</label>
            <select id={`${id}-keep`} value={keepAlive} onChange={(event) => setKeepAlive(Number(event.target.value))}>
              {keepAliveChoices.map((choice) => (
                <option key={choice.seconds} value={choice.seconds}>
                  {choice.label}
                </option>
              ))}
            </select>
          </div>
          <ModelsTable overview={overview} keepAlive={keepAlive} />
          <LoadedModels loaded={overview.loaded} />
        </>
      )}
      <PullForm endpointId={endpoint.id} />
    </section>
  )
}
