import { useState } from 'react'
import type { EndpointOverview } from '../../../../src-shared/ollama'
import { formatBytes } from '../health/format'
import { ConfirmDialog } from '../../components/ConfirmDialog'
import { busyKey, endpointName, useEndpointsStore } from './endpoints-store'

interface ModelsTableProps {
  readonly overview: EndpointOverview
  /** keep_alive for "Load", in seconds (-1: until unloaded). */
  readonly keepAlive: number
}

/** The models on an endpoint's disk: name, family, size, quantization, size on disk; Load/Unload and Delete each. */
export function ModelsTable({ overview, keepAlive }: ModelsTableProps) {
  const busy = useEndpointsStore((store) => store.busy)
  const [deleting, setDeleting] = useState<string | null>(null)
  const { endpointId } = overview
  const loaded = new Set(overview.loaded.map((model) => model.name))

  if (overview.models.length === 0) return <p className="muted">No model on this endpoint yet: pull one below.</p>
  return (
    <>
      <table className="playground-table">
        <caption>Models on disk</caption>
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Family</th>
            <th scope="col">Parameters</th>
            <th scope="col">Quantization</th>
            <th scope="col">Size on disk</th>
            <th scope="col">
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {overview.models.map((model) => {
            const action = busy[busyKey(endpointId, model.name)]
            const isLoaded = loaded.has(model.name)
            return (
              <tr key={model.name}>
                <th scope="row" className="mono">
                  {model.name}
                </th>
                <td>{model.family ?? '—'}</td>
                <td>{model.parameterSize ?? '—'}</td>
                <td>{model.quantization ?? '—'}</td>
                <td className="number">{formatBytes(model.size)}</td>
                <td className="row-actions">
                  {isLoaded ? (
                    <button
                      type="button"
                      aria-label={`Unload ${model.name}`}
                      disabled={action !== undefined}
                      onClick={() => void useEndpointsStore.getState().unload(endpointId, model.name)}
                    >
                      {action === 'unload' ? 'Unloading…' : 'Unload'}
                    </button>
                  ) : (
                    <button
                      type="button"
                      aria-label={`Load ${model.name}`}
                      disabled={action !== undefined}
                      onClick={() => void useEndpointsStore.getState().load(endpointId, model.name, keepAlive)}
                    >
                      {action === 'load' ? 'Loading…' : 'Load'}
                    </button>
                  )}
                  <button type="button" aria-label={`Delete ${model.name}`} disabled={action !== undefined} onClick={() => setDeleting(model.name)}>
                    Delete
                  </button>
                </td>
              </tr>
            )
          })}
        </tbody>
      </table>
      {deleting && (
        <ConfirmDialog
          title={`Delete ${deleting} from ${endpointName(endpointId)}?`}
          text={`Its files are removed from ${endpointName(endpointId)}. Using it again means pulling it again.`}
          confirm="Delete"
          onConfirm={async () => {
            const failure = await useEndpointsStore.getState().deleteModel(endpointId, deleting)
            return failure && `Could not delete it: ${failure}`
          }}
          onClose={() => setDeleting(null)}
        />
      )}
    </>
  )
}
