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
  const open = useTerminalsStore((store) => store.tabs[terminalId]?.info.phase === 'open')
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

  // A shell that opens once a question is answered (a host key, a password) takes the keyboard
  // back from where the closed dialog left it, unless the user is typing somewhere else.
  useEffect(() => {
    if (active && open && !typingElsewhere(document.activeElement)) terminalRegistry.focus(terminalId)
  }, [active, open, terminalId])

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

/** A text field (another terminal's included) or an open dialog has the keyboard. */
function typingElsewhere(element: Element | null): boolean {
  if (!element || element === document.body) return false
  return element instanceof HTMLInputElement || element instanceof HTMLTextAreaElement || element.closest('[role="dialog"], [role="alertdialog"]') !== null
}
