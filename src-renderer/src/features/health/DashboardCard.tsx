import type { KeyboardEvent } from 'react'
import type { Node } from '../../../../src-shared/inventory'
import { useNavigationStore } from '../../app/navigation-store'
import { StatusBadge } from '../../components/StatusBadge'
import { nodeStatus } from '../topology/node-status'
import { Sparkline } from './Sparkline'
import { formatCelsius, formatPercent, formatUptime } from './format'
import { useHealthStore } from './health-store'

const figures = [
  { key: 'cpu', label: 'CPU', format: formatPercent, max: 100 },
  { key: 'mem', label: 'Memory', format: formatPercent, max: 100 },
  { key: 'temp', label: 'Temp', format: formatCelsius, max: undefined }
] as const

/** One node on the dashboard: status, its key figures with their last minutes, uptime; opens its page. */
export function DashboardCard({ node }: { readonly node: Node }) {
  const health = useHealthStore((store) => store.nodes[node.id])
  const recent = useHealthStore((store) => store.recent[node.id])
  const { status, reason } = nodeStatus(node, health)
  const hostMetrics = !node.disabled && node.metrics !== 'none'
  const value = (key: string): number | undefined => {
    const sample = health?.samples[key]
    return sample !== undefined && Number.isFinite(sample) ? sample : undefined
  }
  const spoken = figures.flatMap((figure) => {
    const sample = value(figure.key)
    return sample === undefined ? [] : [`${figure.label} ${figure.format(sample)}`]
  })
  const open = () => useNavigationStore.getState().openNode(node.id)
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (event.key !== 'Enter' && event.key !== ' ') return
    event.preventDefault()
    open()
  }

  return (
    <div
      role="button"
      tabIndex={0}
      className={`dashboard-card status-edge-${status}${node.disabled ? ' is-planned' : ''}`}
      aria-label={[`${node.name}, ${status}${reason ? ` (${reason})` : ''}`, ...spoken].join(', ')}
      title={reason ?? undefined}
      onClick={open}
      onKeyDown={onKeyDown}
    >
      <div className="dashboard-card-header">
        <span className="dashboard-card-name">{node.name}</span>
        <StatusBadge status={status} />
      </div>
      <p className="dashboard-card-reason">{reason ?? (node.role ?? node.host)}</p>
      {hostMetrics ? (
        <div className="dashboard-figures">
          {figures.map((figure) => {
            const sample = value(figure.key)
            return (
              <div key={figure.key} className="dashboard-figure">
                <span className="dashboard-figure-label">{figure.label}</span>
                <span className="dashboard-figure-value">{sample === undefined ? '—' : figure.format(sample)}</span>
                <Sparkline points={recent?.[figure.key]} max={figure.max} />
              </div>
            )
          })}
        </div>
      ) : (
        !node.disabled && <p className="dashboard-card-note">No host metrics (metrics: none)</p>
      )}
      {!node.disabled && (
        <p className="dashboard-card-uptime">
          Uptime 24 h <strong>{formatUptime(health?.uptime.day ?? null)}</strong>
        </p>
      )}
    </div>
  )
}
