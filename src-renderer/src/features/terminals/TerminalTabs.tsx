import { useRef, useState, type KeyboardEvent } from 'react'
import { dropIndex } from './tab-order'
import { TerminalTab, type DropSide } from './TerminalTab'
import { useTerminalsStore } from './terminals-store'

const dragType = 'application/x-homelab-terminal'

/** The tab strip: arrows move between tabs, drag and drop or Ctrl+Shift+PageUp/PageDown reorder. */
export function TerminalTabs() {
  const order = useTerminalsStore((store) => store.order)
  const [dragged, setDragged] = useState<string | null>(null)
  const [target, setTarget] = useState<{ readonly id: string; readonly side: DropSide } | null>(null)
  const list = useRef<HTMLDivElement>(null)

  const focusTab = (terminalId: string) =>
    list.current?.querySelector<HTMLElement>(`[data-terminal-id="${CSS.escape(terminalId)}"] [role="tab"]`)?.focus()

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const current = (event.target as HTMLElement).closest<HTMLElement>('[data-terminal-id]')?.dataset.terminalId
    if (!current || (event.target as HTMLElement).getAttribute('role') !== 'tab') return
    const index = order.indexOf(current)
    const next =
      event.key === 'ArrowRight' ? order[(index + 1) % order.length]
      : event.key === 'ArrowLeft' ? order[(index - 1 + order.length) % order.length]
      : event.key === 'Home' ? order[0]
      : event.key === 'End' ? order[order.length - 1]
      : undefined
    if (!next) return
    event.preventDefault()
    useTerminalsStore.getState().activate(next, false)
    focusTab(next)
  }

  const endDrag = () => {
    setDragged(null)
    setTarget(null)
  }

  return (
    <div role="tablist" aria-label="Terminals" className="terminal-tabs" ref={list} onKeyDown={onKeyDown}>
      {order.map((terminalId) => (
        <TerminalTab
          key={terminalId}
          terminalId={terminalId}
          dropSide={target?.id === terminalId && dragged !== terminalId ? target.side : null}
          drag={{
            start: (event) => {
              event.dataTransfer.setData(dragType, terminalId)
              event.dataTransfer.effectAllowed = 'move'
              setDragged(terminalId)
            },
            over: (event) => {
              if (!dragged) return
              event.preventDefault()
              event.dataTransfer.dropEffect = 'move'
              const box = event.currentTarget.getBoundingClientRect()
              const side: DropSide = event.clientX > box.left + box.width / 2 ? 'after' : 'before'
              if (target?.id !== terminalId || target.side !== side) setTarget({ id: terminalId, side })
            },
            drop: (event) => {
              event.preventDefault()
              const id = event.dataTransfer.getData(dragType) || dragged
              if (id && target) useTerminalsStore.getState().move(id, dropIndex(order, id, target.id, target.side === 'after'))
              endDrag()
            },
            end: endDrag
          }}
        />
      ))}
    </div>
  )
}
