import { useEffect } from 'react'
import { useShallow } from 'zustand/react/shallow'
import { useInventoryStore } from '../inventory/inventory-store'
import { PasteConfirm } from './PasteConfirm'
import { TerminalPane } from './TerminalPane'
import { TerminalTabs } from './TerminalTabs'
import { TerminalsEmptyState } from './TerminalsEmptyState'
import { maxFontSize, minFontSize } from './terminals-persistence'
import { useTerminalsStore } from './terminals-store'
import { useTerminalShortcuts } from './use-terminal-shortcuts'

/**
 * Tabs of terminals, one or two side by side. The terminals themselves live in the registry:
 * this view only lends them a place on screen, so leaving the section loses nothing.
 */
export function TerminalsView() {
  const hasTabs = useTerminalsStore((store) => store.order.length > 0)
  const panes = useTerminalsStore((store) => store.panes)
  useTerminalShortcuts()
  useEffect(() => {
    // Coming to the section puts the keyboard in the active terminal.
    useTerminalsStore.setState((state) => ({ focusRequest: state.focusRequest + 1 }))
  }, [])

  if (!hasTabs) return <TerminalsEmptyState />
  return (
    <div className="terminals">
      <div className="terminal-toolbar">
        <TerminalTabs />
        <TerminalTools />
      </div>
      <div className={`terminal-panes${panes.length > 1 ? ' is-split' : ''}`}>
        {panes.map((terminalId) => (
          <TerminalPane key={terminalId} terminalId={terminalId} />
        ))}
      </div>
      <PasteConfirm />
    </div>
  )
}

function TerminalTools() {
  const { split, fontSize, copyOnSelect, activeNodeId } = useTerminalsStore(
    useShallow((store) => ({
      split: store.panes.length > 1,
      fontSize: store.fontSize,
      copyOnSelect: store.copyOnSelect,
      activeNodeId: store.activeId === null ? null : (store.tabs[store.activeId]?.nodeId ?? null)
    }))
  )
  const nodes = useInventoryStore((store) => store.state?.inventory.nodes)
  const activeName = nodes?.find((node) => node.id === activeNodeId)?.name ?? activeNodeId
  const store = useTerminalsStore.getState
  return (
    <div className="terminal-tools">
      {activeNodeId && (
        <button
          type="button"
          className="icon-button"
          aria-label={`New terminal on ${activeName}`}
          title={`New terminal on ${activeName} (Ctrl+Shift+T)`}
          onClick={() => void store().openTerminal(activeNodeId)}
        >
          +
        </button>
      )}
      <select
        aria-label="Open a terminal on another node"
        value=""
        onChange={(event) => {
          if (event.target.value) void store().openTerminal(event.target.value)
        }}
      >
        <option value="">Open on…</option>
        {nodes
          ?.filter((node) => !node.disabled)
          .map((node) => (
            <option key={node.id} value={node.id}>
              {node.name}
            </option>
          ))}
      </select>
      <button type="button" aria-pressed={split} onClick={() => store().toggleSplit()} title="Show a second terminal beside this one">
        Split
      </button>
      <div className="terminal-zoom" role="group" aria-label={`Font size ${fontSize}`}>
        <button type="button" aria-label="Smaller text" title="Smaller text (Ctrl+-)" disabled={fontSize <= minFontSize} onClick={() => store().zoom(-1)}>
          A−
        </button>
        <button type="button" aria-label="Larger text" title="Larger text (Ctrl+=)" disabled={fontSize >= maxFontSize} onClick={() => store().zoom(1)}>
          A+
        </button>
      </div>
      <label className="terminal-option">
        <input type="checkbox" checked={copyOnSelect} onChange={(event) => store().setCopyOnSelect(event.target.checked)} />
        Copy on select
      </label>
    </div>
  )
}
