import { useEffect } from 'react'
import type { Inventory, Node } from '../../../../src-shared/inventory'
import { useNavigationStore } from '../../app/navigation-store'
import { ExternalLink } from '../../components/ExternalLink'
import { StatusBadge } from '../../components/StatusBadge'
import { HealthActions } from '../health/HealthActions'
import { NodeFigures } from '../health/NodeFigures'
import { ServiceStatus } from '../health/ServiceStatus'
import { useHealthStore } from '../health/health-store'
import { useInventoryStore } from '../inventory/inventory-store'
import { SshDetails } from '../ssh/SshDetails'
import { openTerminal } from '../terminals/terminals-store'
import { nodeStatus } from './node-status'
import { serviceEndpoint } from './service-endpoint'
import { useSelectionStore } from './selection-store'
import '../health/health.css'

/** Everything the inventory says about the selected node, and what it runs. */
export function DetailsPanel() {
  const inventory = useInventoryStore((store) => store.state?.inventory)
  const nodeId = useSelectionStore((store) => store.nodeId)
  const select = useSelectionStore((store) => store.select)
  const node = inventory?.nodes.find((candidate) => candidate.id === nodeId)
  const health = useHealthStore((store) => (nodeId ? store.nodes[nodeId] : undefined))

  useEffect(() => {
    if (!node) return
    const close = (event: KeyboardEvent) => {
      if (event.key === 'Escape' && !event.defaultPrevented) select(null)
    }
    window.addEventListener('keydown', close)
    return () => window.removeEventListener('keydown', close)
  }, [node, select])

  if (!inventory || !node) return null
  const { status, reason } = nodeStatus(node, health)
  return (
    <aside className="details-panel" aria-label={`Details of ${node.name}`}>
      <header className="details-header">
        <div>
          <h2>{node.name}</h2>
          <p className="muted">
            {node.role ?? 'node'} · {node.host}
          </p>
          <p className="details-status">
            <StatusBadge status={status} title={reason ?? undefined} />
            {reason && <span>{reason}</span>}
          </p>
        </div>
        <button type="button" className="icon-button" onClick={() => select(null)} aria-label="Close details">
          ×
        </button>
      </header>
      {node.disabled && <p className="muted">Planned: not connected to or polled.</p>}
      {!node.disabled && (
        <div className="details-actions">
          <button type="button" onClick={() => void openTerminal(node.id)}>
            Open terminal
          </button>
          <button type="button" onClick={() => useNavigationStore.getState().openNode(node.id)}>
            Open charts
          </button>
          <HealthActions node={node} />
        </div>
      )}
      {node.description && <p>{node.description}</p>}
      <NodeFigures health={health} />
      <NodeFacts node={node} inventory={inventory} />
      <h3>Services</h3>
      {node.services.length === 0 ? (
        <p className="muted">No services listed for this node.</p>
      ) : (
        <table className="services-table">
          <thead>
            <tr>
              <th scope="col">Service</th>
              <th scope="col">Status</th>
              <th scope="col">Kind</th>
              <th scope="col">Endpoint</th>
            </tr>
          </thead>
          <tbody>
            {node.services.map((service) => {
              const endpoint = serviceEndpoint(node, service)
              return (
                <tr key={service.id}>
                  <td>{service.name ?? service.id}</td>
                  <td>
                    <ServiceStatus health={health?.services.find((candidate) => candidate.serviceId === service.id)} />
                  </td>
                  <td>
                    <span className="kind-chip">{service.kind}</span>
                  </td>
                  <td className="endpoint">
                    {endpoint.href ? <ExternalLink href={endpoint.href}>{endpoint.text}</ExternalLink> : endpoint.text}
                  </td>
                </tr>
              )
            })}
          </tbody>
        </table>
      )}
      <SshDetails node={node} />
    </aside>
  )
}

function NodeFacts({ node, inventory }: { readonly node: Node; readonly inventory: Inventory }) {
  const nameOf = (id: string) => inventory.nodes.find((candidate) => candidate.id === id)?.name ?? id
  const inside = inventory.nodes.filter((candidate) => candidate.parent === node.id)
  const links = inventory.links.filter((link) => link.from === node.id || link.to === node.id)
  const ssh = node.ssh
  return (
    <dl className="facts">
      {node.parent && <Fact term="Runs inside">{nameOf(node.parent)}</Fact>}
      {inside.length > 0 && <Fact term="Contains">{inside.map((child) => child.name).join(', ')}</Fact>}
      <Fact term="SSH">
        {node.local
          ? 'this machine (no SSH)'
          : `${ssh?.user ? `${ssh.user}@` : ''}${node.host}:${ssh?.port ?? 22}${ssh?.jump ? ` via ${nameOf(ssh.jump)}` : ''}`}
      </Fact>
      {ssh?.key && <Fact term="Key">{ssh.key}</Fact>}
      <Fact term="Metrics">{node.metrics}</Fact>
      {node.wol && <Fact term="Wake-on-LAN">{node.wol.mac}</Fact>}
      {links.map((link) => (
        <Fact key={`${link.from}-${link.to}-${link.label ?? ''}`} term="Link">
          {link.from === node.id ? `to ${nameOf(link.to)}` : `from ${nameOf(link.from)}`}
          {link.label ? ` (${link.label})` : ''}
        </Fact>
      ))}
    </dl>
  )
}

function Fact({ term, children }: { readonly term: string; readonly children: React.ReactNode }) {
  return (
    <>
      <dt>{term}</dt>
      <dd>{children}</dd>
    </>
  )
}
