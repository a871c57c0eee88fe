import { Handle, Position, type NodeProps, type Node as FlowNode } from '@xyflow/react'
import type { NodeStatus } from '../../../../src-shared/health'
import type { Node } from '../../../../src-shared/inventory'
import type { SshPhase } from '../../../../src-shared/ssh'
import { StatusBadge } from '../../components/StatusBadge'
import { SshIndicator } from '../ssh/SshIndicator'
import { RoleIcon } from './RoleIcon'

export type NodeCardData = {
  readonly node: Node
  readonly status: NodeStatus
  /** Why the node has its status, shown on hover. */
  readonly reason: string | null
  readonly isHost: boolean
  /** The SSH connection's phase; null for a node the console does not connect to (yet). */
  readonly sshPhase: SshPhase | null
}
export type NodeCardFlowNode = FlowNode<NodeCardData, 'lab-node'>

/** One lab node on the map; a host draws its containers inside its own box. */
export function NodeCard({ data, selected }: NodeProps<NodeCardFlowNode>) {
  const { node, status, reason, isHost, sshPhase } = data
  const serviceCount = node.services.length
  return (
    <div className={`node-card ${isHost ? 'is-host' : ''} ${selected ? 'is-selected' : ''} ${node.disabled ? 'is-disabled' : ''}`}>
      <Handle type="target" position={Position.Left} className="node-handle" isConnectable={false} />
      <div className="node-card-header">
        <span className={`node-card-icon status-ring-${status}`}>
          <RoleIcon role={node.role} />
        </span>
        <div className="node-card-title">
          <span className="node-card-name">{node.name}</span>
          <span className="node-card-host">{node.host}</span>
        </div>
        <StatusBadge status={status} title={reason ?? undefined} />
      </div>
      {isHost && sshPhase && <SshIndicator phase={sshPhase} className="node-card-ssh-host" />}
      <div className="node-card-meta">
        <span>{node.disabled ? 'planned' : (node.role ?? 'node')}</span>
        {sshPhase && <SshIndicator phase={sshPhase} />}
        <span>
          {serviceCount} service{serviceCount === 1 ? '' : 's'}
        </span>
      </div>
      <Handle type="source" position={Position.Right} className="node-handle" isConnectable={false} />
    </div>
  )
}
