import { waitsForUser } from '../../../../src-shared/ssh'
import { useNavigationStore } from '../../app/navigation-store'
import { useInventoryStore } from '../inventory/inventory-store'
import { useSshStore } from '../ssh/ssh-store'
import { useSelectionStore } from '../topology/selection-store'
import { bannerText, reopenLabel } from './banner-text'
import { useTerminalsStore } from './terminals-store'

/** What the user needs to know about a terminal that is not simply open, and what they can do. */
export function TerminalBanner({ terminalId }: { readonly terminalId: string }) {
  const tab = useTerminalsStore((store) => store.tabs[terminalId])
  const opening = useTerminalsStore((store) => (tab ? store.opening.includes(tab.nodeId) : false))
  const ssh = useSshStore((store) => (tab ? store.states[tab.nodeId] : undefined))
  const nodeName = useInventoryStore((store) => store.state?.inventory.nodes.find((node) => node.id === tab?.nodeId)?.name)
  // Until the inventory is read, every node counts as in it.
  const inventoryRead = useInventoryStore((store) => store.state !== null)
  if (!tab || tab.info.phase === 'open') return null

  const { phase, message } = tab.info
  const node = nodeName ?? tab.nodeId
  const store = useTerminalsStore.getState
  const sshWaits = ssh !== undefined && waitsForUser(ssh.phase) && (phase === 'connecting' || phase === 'failed' || phase === 'reconnecting')

  const text = bannerText(phase, node, message)
  const reopen = reopenLabel(phase, !inventoryRead || nodeName !== undefined)

  return (
    <div role="status" className={`terminal-banner phase-${phase}`}>
      <span>{text}</span>
      <span className="terminal-banner-actions">
        {sshWaits && (
          <button type="button" onClick={() => useSshStore.getState().reopen(tab.nodeId)}>
            Answer
          </button>
        )}
        {(phase === 'failed' || sshWaits) && (
          <button
            type="button"
            onClick={() => {
              useNavigationStore.getState().go('topology')
              useSelectionStore.getState().focus(tab.nodeId)
            }}
          >
            Show node
          </button>
        )}
        {(phase === 'exited' || phase === 'failed') && (
          <>
            {reopen && (
              <button type="button" disabled={opening} onClick={() => void store().reopen(terminalId)}>
                {opening ? 'Opening…' : reopen}
              </button>
            )}
            <button type="button" onClick={() => store().close(terminalId)}>
              Close
            </button>
          </>
        )}
      </span>
    </div>
  )
}
