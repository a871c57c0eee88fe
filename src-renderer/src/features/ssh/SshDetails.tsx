import { useId } from 'react'
import type { Inventory, Node } from '../../../../src-shared/inventory'
import { useInventoryStore } from '../inventory/inventory-store'
import { canConnect, needsPrompt, questionKey, sshPhaseLabel } from './ssh-model'
import { useSshStore } from './ssh-store'

/** The node's SSH connection in the details panel: where it stands, the way it goes, a retry. */
export function SshDetails({ node }: { readonly node: Node }) {
  const state = useSshStore((store) => store.states[node.id])
  const busy = useSshStore((store) => store.busy[node.id] === true)
  const dismissed = useSshStore((store) => {
    const current = store.states[node.id]
    return current !== undefined && needsPrompt(current) && (store.dismissed.has(questionKey(current)) || !store.asked.has(node.id))
  })
  const inventory = useInventoryStore((store) => store.state?.inventory)
  const headingId = useId()
  if (node.local || node.disabled) return null

  const phase = state?.phase ?? 'idle'
  const connect = () => void useSshStore.getState().connect(node.id)
  return (
    <section className="ssh-details" aria-labelledby={headingId}>
      <h3 id={headingId}>SSH connection</h3>
      <dl className="facts">
        <dt>State</dt>
        <dd>
          <span className={`ssh-state ssh-${phase}`}>
            <span className="ssh-dot" aria-hidden="true" />
            {state ? sshPhaseLabel(phase) : 'no connection yet'}
          </span>
        </dd>
        {state?.message && (
          <>
            <dt>Detail</dt>
            <dd>{state.message}</dd>
          </>
        )}
        {state && state.via.length > 0 && (
          <>
            <dt>Via</dt>
            <dd>{[...state.via, node.id].map((id) => nameOf(inventory, id)).join(' → ')}</dd>
          </>
        )}
        {state?.phase === 'disconnected' && state.retryAt !== null && (
          <>
            <dt>Next try</dt>
            <dd>{new Date(state.retryAt).toLocaleTimeString()}</dd>
          </>
        )}
      </dl>
      <div className="ssh-actions">
        {canConnect(phase) && (
          <button type="button" disabled={busy} onClick={connect}>
            {busy ? 'Connecting…' : phase === 'disconnected' ? 'Retry' : 'Connect'}
          </button>
        )}
        {dismissed && (
          <button type="button" onClick={() => useSshStore.getState().reopen(node.id)}>
            {phase === 'auth-needed' ? 'Log in…' : 'Review the host key…'}
          </button>
        )}
      </div>
    </section>
  )
}

function nameOf(inventory: Inventory | undefined, nodeId: string): string {
  return inventory?.nodes.find((node) => node.id === nodeId)?.name ?? nodeId
}
