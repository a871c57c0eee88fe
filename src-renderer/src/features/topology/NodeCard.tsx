import { Handle, Position, type NodeProps, type Node as FlowNode } from '@xyflow/react'
import type { NodeStatus } from '../../../../src-shared/contract'
import type { Node } from '../../../../src-shared/inventory'
import { StatusBadge } from '../../components/StatusBadge'
import { RoleIcon } from './RoleIcon'

export type NodeCardData = {
  readonly node: Node
  readonly status: NodeStatus
  readonly isHost: boolean
}
export type NodeCardFlowNode = FlowNode<NodeCardData, 'lab-node'>

/** One lab node on the map; a host draws its containers inside its own box. */
export function NodeCard({ data, selected }: NodeProps<NodeCardFlowNode>) {
  const { node, status, isHost } = data
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
        <StatusBadge status={status} />
      </div>
      <div className="node-card-meta">
        <span>{node.disabled ? 'planned' : (node.role ?? 'node')}</span>
        <span>
          {serviceCount} service{serviceCount === 1 ? '' : 's'}
        </span>
      </div>
      <Handle type="source" position={Position.Right} className="node-handle" isConnectable={false} />
    </div>
  )
}
