import { useEffect, useMemo } from 'react'
import { useShallow } from 'zustand/react/shallow'
import type { Node } from '../../../../src-shared/inventory'
import { useInventoryStore } from '../inventory/inventory-store'
import { DashboardCard } from './DashboardCard'
import { countStatuses, summaryText } from './health-model'
import { useHealthStore } from './health-store'

const noNodes: readonly Node[] = []
const order = ['up', 'degraded', 'down', 'asleep', 'unknown'] as const

/** Every node as a card, the monitored ones first, with a count of each status on top. */
export function DashboardGrid() {
  const nodes = useInventoryStore((store) => store.state?.inventory.nodes ?? noNodes)
  const counts = useHealthStore(useShallow((store) => countStatuses(nodes, store.nodes)))
  const ordered = useMemo(() => [...nodes.filter((node) => !node.disabled), ...nodes.filter((node) => node.disabled)], [nodes])
  const followed = useMemo(() => nodes.filter((node) => !node.disabled && node.metrics !== 'none').map((node) => node.id), [nodes])

  useEffect(() => {
    void useHealthStore.getState().loadRecent(followed)
  }, [followed])

  return (
    <div className="dashboard">
      <header className="dashboard-header">
        <h1>Dashboard</h1>
        <p className="dashboard-summary">
          <span className="visually-hidden">{summaryText(counts)}</span>
          {order.map((status) => (
            <span key={status} className={`summary-item status-${status}`} aria-hidden="true">
              <span className="status-dot" aria-hidden="true" />
              {counts[status]} {status}
            </span>
          ))}
          {counts.planned > 0 && (
            <span className="summary-item muted" aria-hidden="true">
              {counts.planned} planned
            </span>
          )}
        </p>
      </header>
      {ordered.length === 0 ? (
        <p className="health-empty">The inventory has no nodes yet.</p>
      ) : (
        <div className="dashboard-grid">
          {ordered.map((node) => (
            <DashboardCard key={node.id} node={node} />
          ))}
        </div>
      )}
    </div>
  )
}
