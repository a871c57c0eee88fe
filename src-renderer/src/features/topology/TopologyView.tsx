import { Background, Controls, ReactFlow, ReactFlowProvider, useReactFlow, type NodeMouseHandler } from '@xyflow/react'
import '@xyflow/react/dist/style.css'
import { useEffect, useMemo } from 'react'
import { useShallow } from 'zustand/react/shallow'
import { useThemeStore } from '../../app/theme-store'
import { useHealthStore } from '../health/health-store'
import { useInventoryStore } from '../inventory/inventory-store'
import { phasesByNode } from '../ssh/ssh-model'
import { useSshStore } from '../ssh/ssh-store'
import { DetailsPanel } from './DetailsPanel'
import { NodeCard } from './NodeCard'
import { toFlowEdges, toFlowNodes } from './flow-elements'
import { reasonsByNode, statusesByNode } from './node-status'
import { useSelectionStore } from './selection-store'
import { useTopologyLayout } from './use-topology-layout'

const nodeTypes = { 'lab-node': NodeCard }

export function TopologyView() {
  return (
    <ReactFlowProvider>
      <div className="topology">
        <TopologyCanvas />
        <DetailsPanel />
      </div>
    </ReactFlowProvider>
  )
}

function TopologyCanvas() {
  const inventory = useInventoryStore((store) => store.state?.inventory)
  const selectedId = useSelectionStore((store) => store.nodeId)
  const focusRequest = useSelectionStore((store) => store.focusRequest)
  const select = useSelectionStore((store) => store.select)
  const theme = useThemeStore((store) => store.resolved)
  const sshPhases = useSshStore(useShallow((store) => phasesByNode(store.states)))
  const statuses = useHealthStore(useShallow((store) => statusesByNode(inventory?.nodes ?? [], store.nodes)))
  const reasons = useHealthStore(useShallow((store) => reasonsByNode(inventory?.nodes ?? [], store.nodes)))
  const { layout, error } = useTopologyLayout(inventory)
  const flow = useReactFlow()

  const nodes = useMemo(
    () =>
      layout
        ? toFlowNodes(layout, selectedId, sshPhases, (nodeId) => ({ status: statuses[nodeId] ?? 'unknown', reason: reasons[nodeId] ?? null }))
        : [],
    [layout, selectedId, sshPhases, statuses, reasons]
  )
  const edges = useMemo(() => (layout ? toFlowEdges(layout) : []), [layout])

  useEffect(() => {
    if (layout) void flow.fitView({ padding: 0.12, maxZoom: 1, duration: 0 })
  }, [layout, flow])

  useEffect(() => {
    if (focusRequest === 0 || !selectedId) return
    void flow.fitView({ nodes: [{ id: selectedId }], padding: 1.2, maxZoom: 1.2, duration: 250 })
    document.querySelector<HTMLElement>(`.react-flow__node[data-id="${CSS.escape(selectedId)}"]`)?.focus()
  }, [focusRequest, selectedId, flow])

  const onNodeClick: NodeMouseHandler = (_event, node) => select(node.id)

  return (
    <section className="topology-canvas" aria-label="Topology map">
      {error && (
        <p role="alert" className="inline-error">
          {error}
        </p>
      )}
      <ReactFlow
        nodes={nodes}
        edges={edges}
        nodeTypes={nodeTypes}
        onNodeClick={onNodeClick}
        onPaneClick={() => select(null)}
        onNodesChange={(changes) => {
          // Enter or Space on a focused node selects it, as a click does.
          const chosen = changes.find((change) => change.type === 'select' && change.selected)
          if (chosen?.type === 'select' && chosen.id !== selectedId) select(chosen.id)
        }}
        nodesDraggable={false}
        nodesConnectable={false}
        elementsSelectable
        colorMode={theme}
        minZoom={0.2}
        maxZoom={2}
        proOptions={{ hideAttribution: true }}
      >
        <Background gap={24} />
        <Controls showInteractive={false} />
      </ReactFlow>
    </section>
  )
}
