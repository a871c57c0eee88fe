import { useId, useRef, useState, type FormEvent } from 'react'
import type { HostKey, SshConnectionState } from '../../../../src-shared/ssh'
import { ModalDialog } from '../../components/ModalDialog'
import { KeyFingerprint } from './KeyFingerprint'
import {
  confirmLength,
  confirmsFingerprint,
  displayHostPort,
  hostKeyCheckCommand,
  splitKnownHostsLocation
} from './ssh-model'
import { useSshStore } from './ssh-store'
import { useInventoryNode } from './use-ssh-prompt'

/**
 * A known key changed: refusing is the main action. Replacing the key sits behind a disclosure
 * and asks for the new fingerprint's last characters, so it is never a reflex click.
 */
export function HostKeyChangedDialog({ state, presented }: { readonly state: SshConnectionState; readonly presented: HostKey }) {
  const node = useInventoryNode(state.nodeId)
  const busy = useSshStore((store) => store.busy[state.nodeId] === true)
  const refuseButton = useRef<HTMLButtonElement>(null)
  const [replacing, setReplacing] = useState(false)
  const [typed, setTyped] = useState('')
  const titleId = useId()
  const descriptionId = useId()
  const replaceId = useId()
  const name = node?.name ?? state.nodeId
  const hostPort = displayHostPort(state.hostKeyHost, node?.host ?? state.nodeId, node?.ssh?.port ?? 22)
  const confirmed = confirmsFingerprint(typed, presented.fingerprint)
  const location = splitKnownHostsLocation(state.message)

  const refuse = () => useSshStore.getState().dismiss(state)
  const replace = (event: FormEvent) => {
    event.preventDefault()
    if (confirmed && !busy) void useSshStore.getState().replaceHostKey(state.nodeId, presented.fingerprint)
  }

  return (
    <ModalDialog labelledBy={titleId} describedBy={descriptionId} onEscape={refuse} initialFocus={refuseButton} className="host-key-dialog is-danger">
      <h2 id={titleId}>The host key of {name} has changed</h2>
      <p id={descriptionId}>
        <strong>The console did not connect to {hostPort}.</strong> Someone may be intercepting the connection, or
        the server was reinstalled or given new host keys. Do not go on until you know which.
      </p>
      {state.message && (
        <p className="muted">
          {location ? (
            <>
              {location[0]}
              <code>{location[1]}</code>
              {location[2]}
            </>
          ) : (
            state.message
          )}
        </p>
      )}
      <div className="key-compare">
        <h3>Known key{state.knownKeys.length === 1 ? '' : 's'}</h3>
        {state.knownKeys.length === 0 ? (
          <p className="muted">known_hosts lists no key of this type for the host.</p>
        ) : (
          state.knownKeys.map((key) => <KeyFingerprint key={key.fingerprint} hostKey={key} label="Known host key" />)
        )}
        <h3>Presented now</h3>
        <KeyFingerprint hostKey={presented} label="Presented host key" />
      </div>
      <button
        type="button"
        className="disclosure"
        aria-expanded={replacing}
        aria-controls={replaceId}
        onClick={() => setReplacing(!replacing)}
      >
        Replace the known key…
      </button>
      {replacing && (
        <form id={replaceId} className="replace-key" onSubmit={replace}>
          <p>
            Only if you know why the key changed. Check the new fingerprint on the server with{' '}
            <code>{hostKeyCheckCommand(presented.algorithm)}</code> first.
          </p>
          <label className="field">
            Type the last {confirmLength} characters of the presented fingerprint
            <input
              autoFocus
              value={typed}
              onChange={(event) => setTyped(event.target.value)}
              maxLength={confirmLength + 4}
              autoComplete="off"
              spellCheck={false}
              className="confirm-input"
            />
          </label>
          <button type="submit" className="danger" disabled={!confirmed || busy}>
            {busy ? 'Replacing…' : 'Replace key'}
          </button>
        </form>
      )}
      <div className="dialog-actions">
        <button type="button" ref={refuseButton} className="primary" onClick={refuse}>
          Refuse
        </button>
      </div>
    </ModalDialog>
  )
}
