import { useId, useRef, useState, type FormEvent } from 'react'
import type { AuthPrompt, SshConnectionState } from '../../../../src-shared/ssh'
import { ModalDialog } from '../../components/ModalDialog'
import { promptKey } from './ssh-model'
import { useSshStore } from './ssh-store'
import { useInventoryNode, useSshPrompt } from './use-ssh-prompt'

/** Asks for a key's passphrase or a password when neither agent nor key file got in. */
export function AuthDialog() {
  const prompt = useSshPrompt()
  if (prompt?.phase !== 'auth-needed' || !prompt.auth) return null
  return <AuthForm key={promptKey(prompt)} state={prompt} auth={prompt.auth} />
}

/**
 * The secret lives only in the input element: it is read on submit, the field is cleared at
 * once, and it goes straight to the core. No React state or store ever holds it.
 */
function AuthForm({ state, auth }: { readonly state: SshConnectionState; readonly auth: AuthPrompt }) {
  const node = useInventoryNode(state.nodeId)
  const busy = useSshStore((store) => store.busy[state.nodeId] === true)
  const input = useRef<HTMLInputElement>(null)
  const [filled, setFilled] = useState(false)
  const [remember, setRemember] = useState(false)
  const titleId = useId()
  const descriptionId = useId()
  const name = node?.name ?? state.nodeId
  const user = node?.ssh?.user
  const passphrase = auth.kind === 'passphrase'

  const cancel = () => useSshStore.getState().dismiss(state)
  const submit = async (event: FormEvent) => {
    event.preventDefault()
    const field = input.current
    if (!field || field.value === '' || busy) return
    const secret = field.value
    field.value = ''
    setFilled(false)
    const accepted = await useSshStore.getState().authenticate(state.nodeId, secret, remember)
    if (!accepted) input.current?.focus()
  }

  return (
    <ModalDialog labelledBy={titleId} describedBy={descriptionId} onEscape={cancel} initialFocus={input} className="auth-dialog">
      <form onSubmit={(event) => void submit(event)}>
        <h2 id={titleId}>{passphrase ? `Passphrase for ${name}` : `Password for ${user ? `${user}@` : ''}${name}`}</h2>
        <p id={descriptionId}>
          {passphrase ? (
            <>
              The key <code>{auth.keyPath ?? 'file'}</code> is encrypted. Enter its passphrase to connect to {name}.
            </>
          ) : (
            <>No agent key or key file was accepted by {name}. Enter the password to connect.</>
          )}
        </p>
        {auth.retry && (
          <p role="alert" className="dialog-error">
            That was not accepted, try again.
          </p>
        )}
        <label className="field">
          {passphrase ? 'Passphrase' : 'Password'}
          <input
            ref={input}
            type="password"
            autoComplete="off"
            spellCheck={false}
            maxLength={4096}
            onInput={(event) => setFilled(event.currentTarget.value !== '')}
          />
        </label>
        <label className="checkbox">
          <input type="checkbox" checked={remember} onChange={(event) => setRemember(event.target.checked)} />
          Remember (stored encrypted)
        </label>
        <div className="dialog-actions">
          <button type="button" onClick={cancel}>
            Cancel
          </button>
          <button type="submit" className="primary" disabled={!filled || busy}>
            {busy ? 'Connecting…' : 'Connect'}
          </button>
        </div>
      </form>
    </ModalDialog>
  )
}
