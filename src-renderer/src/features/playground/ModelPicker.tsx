import { useEffect, useId } from 'react'
import { useEndpointsStore } from './endpoints-store'
import type { ModelChoice } from './remembered'

interface ModelPickerProps {
  readonly choice: ModelChoice
  readonly onChange: (choice: ModelChoice) => void
  readonly disabled?: boolean
}

/** An endpoint, then one of its models (from its overview); the choice of model survives a change of endpoint that has it too. */
export function ModelPicker({ choice, onChange, disabled = false }: ModelPickerProps) {
  const id = useId()
  const endpoints = useEndpointsStore((store) => store.endpoints)
  const state = useEndpointsStore((store) => (choice.endpointId === null ? undefined : store.overviews[choice.endpointId]))
  const models = state?.overview?.models ?? []
  const endpointId = choice.endpointId ?? ''
  const known = choice.model === null || models.some((model) => model.name === choice.model)

  useEffect(() => {
    if (choice.endpointId !== null) useEndpointsStore.getState().ensureOverview(choice.endpointId)
  }, [choice.endpointId])

  const chooseEndpoint = (endpointId: string) => {
    const overview = useEndpointsStore.getState().overviews[endpointId]?.overview
    const keep = choice.model !== null && overview?.models.some((model) => model.name === choice.model)
    onChange({ endpointId: endpointId === '' ? null : endpointId, model: keep ? choice.model : null })
  }

  return (
    <div className="model-picker">
      <label className="field" htmlFor={`${id}-endpoint`}>
        <span>Endpoint</span>
        <select id={`${id}-endpoint`} value={choice.endpointId ?? ''} disabled={disabled} onChange={(event) => chooseEndpoint(event.target.value)}>
          <option value="">{endpoints.length === 0 ? 'No endpoint yet' : 'Choose an endpoint'}</option>
          {endpoints.map((endpoint) => (
            <option key={endpoint.id} value={endpoint.id}>
              {endpoint.name}
            </option>
          ))}
          {choice.endpointId !== null && !endpoints.some((endpoint) => endpoint.id === choice.endpointId) && (
            <option value={choice.endpointId}>{choice.endpointId} (gone)</option>
          )}
        </select>
      </label>
      <label className="field" htmlFor={`${id}-model`}>
        <span>Model</span>
        <select
          id={`${id}-model`}
          value={choice.model ?? ''}
          disabled={disabled || choice.endpointId === null}
          aria-describedby={state?.error ? `${id}-problem` : undefined}
          onChange={(event) => onChange({ endpointId: choice.endpointId, model: event.target.value === '' ? null : event.target.value })}
        >
          <option value="">{state?.loading && !state.overview ? 'Loading models…' : models.length === 0 ? 'No model' : 'Choose a model'}</option>
          {models.map((model) => (
            <option key={model.name} value={model.name}>
              {model.name}
              {model.parameterSize ? ` · ${model.parameterSize}` : ''}
            </option>
          ))}
          {!known && (
            // Until the endpoint's models are read, the choice is only not known yet, not missing.
            <option value={choice.model ?? ''}>
              {choice.model}
              {state?.overview ? ' (not on this endpoint)' : ''}
            </option>
          )}
        </select>
      </label>
      {state?.error && choice.endpointId !== null && (
        <p id={`${id}-problem`} className="picker-problem">
          {state.error}{' '}
          <button type="button" className="link-button" onClick={() => void useEndpointsStore.getState().reloadOverview(endpointId)}>
            Retry
          </button>
        </p>
      )}
    </div>
  )
}
