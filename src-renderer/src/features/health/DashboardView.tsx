import { useNavigationStore } from '../../app/navigation-store'
import { DashboardGrid } from './DashboardGrid'
import { RecentChanges } from './RecentChanges'
import { NodePage } from './NodePage'
import './health.css'

/** The dashboard section: the grid of nodes, or one node's page when the route names it. */
export function DashboardView() {
  const nodeId = useNavigationStore((store) => store.nodeId)
  return (
    <div className="dashboard-view">
      {nodeId ? (
        <NodePage key={nodeId} nodeId={nodeId} />
      ) : (
        <>
          <DashboardGrid />
          <RecentChanges />
        </>
      )}
    </div>
  )
}
