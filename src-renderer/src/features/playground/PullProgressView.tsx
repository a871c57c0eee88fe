import type { PullProgress } from '../../../../src-shared/ollama'
import { formatBytes } from '../health/format'
import { layerFraction, pullFraction, shortDigest } from './pull-progress'
import { usePullsStore } from './pulls-store'

const stateWords: Record<PullProgress['state'], string> = { running: 'Pulling', done: 'Pulled', cancelled: 'Cancelled', failed: 'Failed' }

/** One pull: its latest status, a bar per layer (digest, completed/total), Cancel while it runs. */
export function PullProgressView({ pull, dismissable }: { readonly pull: PullProgress; readonly dismissable: boolean }) {
  const overall = pullFraction(pull)
  const { cancel, dismiss } = usePullsStore.getState()
  return (
    <div className={`pull-progress pull-${pull.state}`}>
      <div className="pull-progress-header">
        <strong>
          {stateWords[pull.state]} {pull.model}
        </strong>
        <span className="muted">{pull.state === 'failed' ? pull.error ?? 'the pull failed' : pull.status}</span>
        {overall !== null && pull.state === 'running' && <span className="pull-percent">{Math.floor(overall * 100)}%</span>}
        {pull.state === 'running' ? (
          <button type="button" aria-label={`Cancel pull of ${pull.model}`} onClick={() => void cancel(pull.pullId)}>
            Cancel
          </button>
        ) : (
          dismissable && (
            <button type="button" className="link-button" aria-label={`Dismiss pull of ${pull.model}`} onClick={() => dismiss(pull.pullId)}>
              Dismiss
            </button>
          )
        )}
      </div>
      {pull.state === 'running' && pull.layers.length > 0 && (
        <ul className="pull-layers" aria-label={`Layers of ${pull.model}`}>
          {pull.layers.map((layer) => {
            const fraction = layerFraction(layer)
            const digest = shortDigest(layer.digest)
            return (
              <li key={layer.digest}>
                <span className="pull-digest">{digest}</span>
                <progress aria-label={`Layer ${digest}`} max={1} value={fraction ?? undefined} />
                <span className="pull-bytes">
                  {formatBytes(layer.completed)} / {layer.total > 0 ? formatBytes(layer.total) : '…'}
                </span>
              </li>
            )
          })}
        </ul>
      )}
    </div>
  )
}
