import { useId, useRef } from 'react'
import type { HostKey, SshConnectionState } from '../../../../src-shared/ssh'
import { ModalDialog } from '../../components/ModalDialog'
import { HostKeyChangedDialog } from './HostKeyChangedDialog'
import { KeyFingerprint } from './KeyFingerprint'
import { displayHostPort, hostKeyCheckCommand, promptKey } from './ssh-model'
import { useSshStore } from './ssh-store'
import { useInventoryNode, useSshPrompt } from './use-ssh-prompt'

/** Asks about a host key the core will not decide alone; one node at a time, oldest first. */
export function HostKeyDialog() {
  const prompt = useSshPrompt()
  if (!prompt?.presentedKey) return null
  if (prompt.phase === 'host-key-unknown') return <FirstSight key={promptKey(prompt)} state={prompt} presented={prompt.presentedKey} />
  if (prompt.phase === 'host-key-changed') return <HostKeyChangedDialog key={promptKey(prompt)} state={prompt} presented={prompt.presentedKey} />
  return null
}

function FirstSight({ state, presented }: { readonly state: SshConnectionState; readonly presented: HostKey }) {
  const node = useInventoryNode(state.nodeId)
  const busy = useSshStore((store) => store.busy[state.nodeId] === true)
  const refuseButton = useRef<HTMLButtonElement>(null)
  const titleId = useId()
  const descriptionId = useId()
  const name = node?.name ?? state.nodeId
  const hostPort = displayHostPort(state.hostKeyHost, node?.host ?? state.nodeId, node?.ssh?.port ?? 22)
  const refuse = () => useSshStore.getState().dismiss(state)
  const trust = () => void useSshStore.getState().acceptHostKey(state.nodeId, presented.fingerprint)

  return (
    <ModalDialog labelledBy={titleId} describedBy={descriptionId} onEscape={refuse} initialFocus={refuseButton} className="host-key-dialog">
      <h2 id={titleId}>
        First connection to {name} ({hostPort})
      </h2>
      <p id={descriptionId}>
        The console has not seen this server before. Before trusting it, make sure the key it presented is really
        the server&apos;s:
      </p>
      <KeyFingerprint hostKey={presented} label="Presented host key" />
      <p>
        On the server itself, <code>{hostKeyCheckCommand(presented.algorithm)}</code> must print this same SHA256
        fingerprint. If it does not, someone may be in between: refuse.
      </p>
      <div className="dialog-actions">
        <button type="button" ref={refuseButton} onClick={refuse}>
          Refuse
        </button>
        <button type="button" className="primary" disabled={busy} onClick={trust}>
          {busy ? 'Connecting…' : 'Trust and connect'}
        </button>
      </div>
    </ModalDialog>
  )
}
