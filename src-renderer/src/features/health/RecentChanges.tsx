import { api } from '../../api/api'
import { StatusBadge } from '../../components/StatusBadge'
import { formatMoment } from './format'
import { useRemote } from './use-remote'

const shown = 12
const refreshMs = 15_000

/** The latest status changes of a node and its services, or of the whole lab, newest first, as kept by the core. */
export function RecentChanges({ nodeId }: { readonly nodeId?: string }) {
  const remote = useRemote(nodeId ?? '', () => api().request('health.transitions', { ...(nodeId !== undefined && { nodeId }), limit: shown }), refreshMs)
  const changes = remote.value ?? []
  return (
    <section className="recent-changes" aria-label="Recent changes">
      <h2>Recent changes</h2>
      {remote.error && <p className="health-error">Could not load the changes: {remote.error}</p>}
      {changes.length === 0 && !remote.error ? (
        <p className="muted">No change of status yet.</p>
      ) : (
        <ol>
          {changes.map((change) => (
            <li key={`${change.target}-${change.at}-${change.to}`}>
              <time dateTime={new Date(change.at).toISOString()}>{formatMoment(change.at)}</time>
              <span className="recent-change-name">{change.name}</span>
              <StatusBadge status={change.to} />
              {change.reason && <span className="muted">{change.reason}</span>}
            </li>
          ))}
        </ol>
      )}
    </section>
  )
}
