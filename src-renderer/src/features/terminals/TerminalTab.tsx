import { useEffect, useRef, useState, type DragEvent } from 'react'
import { useInventoryStore } from '../inventory/inventory-store'
import { panelElementId, phaseLabels, tabElementId } from './terminal-ids'
import { useTerminalsStore } from './terminals-store'

export type DropSide = 'before' | 'after'

export interface TabDrag {
  readonly start: (event: DragEvent<HTMLElement>) => void
  readonly over: (event: DragEvent<HTMLElement>) => void
  readonly drop: (event: DragEvent<HTMLElement>) => void
  readonly end: () => void
}

/** One tab: status dot and title; double-click or F2 renames it, Delete or middle-click closes it. */
export function TerminalTab({ terminalId, dropSide, drag }: { readonly terminalId: string; readonly dropSide: DropSide | null; readonly drag: TabDrag }) {
  const tab = useTerminalsStore((store) => store.tabs[terminalId])
  const active = useTerminalsStore((store) => store.activeId === terminalId)
  const visible = useTerminalsStore((store) => store.panes.includes(terminalId))
  const nodeName = useInventoryStore((store) => store.state?.inventory.nodes.find((node) => node.id === tab?.nodeId)?.name)
  const [editing, setEditing] = useState(false)
  const button = useRef<HTMLButtonElement>(null)
  const wasEditing = useRef(false)
  /** Enter or Escape ended the edit: the blur that follows must not commit again. */
  const settled = useRef(false)

  useEffect(() => {
    if (wasEditing.current && !editing) button.current?.focus()
    wasEditing.current = editing
  }, [editing])

  const startEditing = () => {
    settled.current = false
    setEditing(true)
  }

  if (!tab) return null
  const store = useTerminalsStore.getState
  const phase = phaseLabels[tab.info.phase]
  const classes = ['terminal-tab', active && 'is-active', visible && 'is-visible', dropSide && `drop-${dropSide}`].filter(Boolean).join(' ')
  return (
    <div className={classes} data-terminal-id={terminalId} role="presentation" onDragOver={drag.over} onDrop={drag.drop}>
      {editing ? (
        <input
          className="terminal-tab-rename"
          aria-label={`Rename ${tab.title}`}
          defaultValue={tab.title}
          autoFocus
          onFocus={(event) => event.target.select()}
          onKeyDown={(event) => {
            if (event.key === 'Enter') store().rename(terminalId, event.currentTarget.value)
            else if (event.key !== 'Escape') return
            event.preventDefault()
            settled.current = true
            setEditing(false)
          }}
          onBlur={(event) => {
            if (settled.current) return
            store().rename(terminalId, event.currentTarget.value)
            setEditing(false)
          }}
        />
      ) : (
        <button
          ref={button}
          type="button"
          role="tab"
          id={tabElementId(terminalId)}
          aria-selected={active}
          aria-controls={visible ? panelElementId(terminalId) : undefined}
          tabIndex={active ? 0 : -1}
          title={`${tab.title} · ${nodeName ?? tab.nodeId} · ${phase}${tab.info.message ? `: ${tab.info.message}` : ''}\nDouble-click or F2 to rename`}
          draggable
          onDragStart={drag.start}
          onDragEnd={drag.end}
          onClick={() => store().activate(terminalId)}
          onDoubleClick={startEditing}
          onAuxClick={(event) => {
            if (event.button === 1) store().close(terminalId)
          }}
          onKeyDown={(event) => {
            if (event.key === 'F2') startEditing()
            else if (event.key === 'Delete') store().close(terminalId)
            else if (event.key === 'Enter' || event.key === ' ') store().activate(terminalId)
            else return
            event.preventDefault()
          }}
        >
          <span className={`terminal-status phase-${tab.info.phase}`} aria-hidden="true" />
          <span className="terminal-tab-title">{tab.title}</span>
          {nodeName && !tab.title.includes(nodeName) && <span className="visually-hidden"> ({nodeName})</span>}
          {tab.info.phase !== 'open' && <span className="visually-hidden">, {phase}</span>}
        </button>
      )}
      <button
        type="button"
        className="icon-button terminal-tab-close"
        aria-label={`Close ${tab.title}`}
        title="Close (middle-click the tab, or Delete on it)"
        tabIndex={active ? 0 : -1}
        onClick={() => store().close(terminalId)}
      >
        ×
      </button>
    </div>
  )
}
