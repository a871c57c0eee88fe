import { useEffect, useRef } from 'react'
import { TerminalBanner } from './TerminalBanner'
import { TerminalSearchBar } from './TerminalSearchBar'
import { panelElementId, tabElementId } from './terminal-ids'
import { terminalRegistry } from './terminal-registry'
import { useTerminalsStore } from './terminals-store'

/** The last focus request a pane acted on: shared, so a pane that mounts later does not steal focus. */
let handledFocusRequest = 0

/** Shows one terminal: borrows its element from the registry while mounted. */
export function TerminalPane({ terminalId }: { readonly terminalId: string }) {
  const active = useTerminalsStore((store) => store.activeId === terminalId)
  const focusRequest = useTerminalsStore((store) => store.focusRequest)
  const searchOpen = useTerminalsStore((store) => store.searchId === terminalId)
  const split = useTerminalsStore((store) => store.panes.length > 1)
  const host = useRef<HTMLDivElement>(null)

  useEffect(() => {
    if (!host.current) return
    return terminalRegistry.attach(terminalId, host.current)
  }, [terminalId])

  useEffect(() => {
    if (!active || focusRequest === handledFocusRequest) return
    handledFocusRequest = focusRequest
    terminalRegistry.focus(terminalId)
  }, [active, focusRequest, terminalId])

  return (
    <section
      role="tabpanel"
      id={panelElementId(terminalId)}
      aria-labelledby={tabElementId(terminalId)}
      className={`terminal-pane${active && split ? ' is-active' : ''}`}
      onFocus={() => {
        if (!active) useTerminalsStore.getState().activate(terminalId, false)
      }}
    >
      <TerminalBanner terminalId={terminalId} />
      <div className="terminal-stage">
        {searchOpen && <TerminalSearchBar terminalId={terminalId} />}
        <div className="terminal-host" ref={host} />
      </div>
    </section>
  )
}
