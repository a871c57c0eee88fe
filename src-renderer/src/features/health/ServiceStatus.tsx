import type { ServiceHealth } from '../../../../src-shared/health'
import { StatusBadge } from '../../components/StatusBadge'
import { formatMs } from './format'

/** A service's status, why, its latency and the facts its probe found (version, players …). */
export function ServiceStatus({ health }: { readonly health: ServiceHealth | undefined }) {
  if (!health) return <StatusBadge status="unknown" title="not checked yet" />
  const details = [...(health.latencyMs !== null ? [formatMs(health.latencyMs)] : []), ...health.facts.map((fact) => `${fact.label} ${fact.value}`)]
  return (
    <div className="service-status">
      <StatusBadge status={health.status} title={health.reason ?? undefined} />
      {health.reason && <span className="service-reason">{health.reason}</span>}
      {details.length > 0 && <span className="service-details">{details.join(' · ')}</span>}
    </div>
  )
}
