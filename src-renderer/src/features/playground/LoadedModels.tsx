import type { LoadedModelInfo } from '../../../../src-shared/ollama'
import { formatBytes } from '../health/format'
import { useNow } from '../health/use-now'
import { formatExpiry, formatProcessor } from './loaded-models'

/** The models in an endpoint's memory: size, share on the GPU, context, and when Ollama unloads them. */
export function LoadedModels({ loaded }: { readonly loaded: readonly LoadedModelInfo[] }) {
  const now = useNow(15_000)
  if (loaded.length === 0) return <p className="muted">No model in memory.</p>
  return (
    <table className="playground-table">
      <caption>In memory</caption>
      <thead>
        <tr>
          <th scope="col">Name</th>
          <th scope="col">Size</th>
          <th scope="col">VRAM</th>
          <th scope="col">Processor</th>
          <th scope="col">Context</th>
          <th scope="col">Until</th>
        </tr>
      </thead>
      <tbody>
        {loaded.map((model) => (
          <tr key={model.name}>
            <th scope="row" className="mono">
              {model.name}
            </th>
            <td className="number">{formatBytes(model.size)}</td>
            <td className="number">{formatBytes(model.sizeVram)}</td>
            <td>{formatProcessor(model.size, model.sizeVram)}</td>
            <td className="number">{model.contextLength ?? '—'}</td>
            <td title={model.expiresAt ?? undefined}>{formatExpiry(model.expiresAt, now)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  )
}
