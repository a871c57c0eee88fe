import { useEffect, useState } from 'react'
import type { ChartRange } from '../../../../src-shared/health'
import { useNavigationStore } from '../../app/navigation-store'
import { StatusBadge } from '../../components/StatusBadge'
import { useInventoryStore } from '../inventory/inventory-store'
import { openTerminal } from '../terminals/terminals-store'
import { nodeStatus } from '../topology/node-status'
import { HealthActions } from './HealthActions'
import { NodeCharts } from './NodeCharts'
import { NodeFigures } from './NodeFigures'
import { RangePicker } from './RangePicker'
import { RecentChanges } from './RecentChanges'
import { ServiceHealthList } from './ServiceHealthList'
import { UptimeBar } from './UptimeBar'
import { formatRelative } from './format'
import { useHealthStore } from './health-store'
import { useNow } from './use-now'

/** One node's page: status and actions, charts over a chosen range, services, uptime. */
export function NodePage({ nodeId }: { readonly nodeId: string }) {
  const node = useInventoryStore((store) => store.state?.inventory.nodes.find((candidate) => candidate.id === nodeId))
  const health = useHealthStore((store) => store.nodes[nodeId])
  const closeNode = useNavigationStore((store) => store.closeNode)
  const [range, setRange] = useState<ChartRange>('15m')
  const now = useNow(10_000)

  useEffect(() => {
    const back = (event: KeyboardEvent) => {
      if (event.key === 'Escape' && !event.defaultPrevented && !useNavigationStore.getState().paletteOpen) closeNode()
    }
    window.addEventListener('keydown', back)
    return () => window.removeEventListener('keydown', back)
  }, [closeNode])

  const backButton = (
    <button type="button" className="back-button" onClick={closeNode}>
      ← Dashboard
    </button>
  )
  if (!node) {
    return (
      <div className="node-page">
        {backButton}
        <p className="health-empty">There is no node “{nodeId}” in the inventory.</p>
      </div>
    )
  }

  const { status, reason } = nodeStatus(node, health)
  return (
    <section className="node-page" aria-labelledby="node-page-title">
      {backButton}
      <header className="node-page-header">
        <div className="node-page-title">
          <h1 id="node-page-title">{node.name}</h1>
          <StatusBadge status={status} title={reason ?? undefined} />
        </div>
        {reason && <p className="node-page-reason">{reason}</p>}
        <p className="muted node-page-times">
          {node.role ?? 'node'} · {node.host}
          {health && (
            <>
              {' · '}
              <span title={new Date(health.since).toLocaleString()}>since {formatRelative(health.since, now)}</span>
              {health.checkedAt !== null && <> · checked {formatRelative(health.checkedAt, now)}</>}
            </>
          )}
        </p>
        {!node.disabled && (
          <div className="node-page-actions">
            <HealthActions node={node} />
            <button type="button" onClick={() => void openTerminal(node.id)}>
              Open terminal
            </button>
          </div>
        )}
        <NodeFigures health={health} />
      </header>
      <div className="node-page-toolbar">
        <RangePicker value={range} onChange={setRange} />
      </div>
      <NodeCharts node={node} range={range} />
      <ServiceHealthList node={node} range={range} />
      {!node.disabled && <UptimeBar target={node.id} range={range} />}
      {!node.disabled && <RecentChanges nodeId={node.id} />}
    </section>
  )
}
