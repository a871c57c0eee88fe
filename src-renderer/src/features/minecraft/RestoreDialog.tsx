import { useId, useRef, useState } from 'react'
import { ModalDialog } from '../../components/ModalDialog'
import { useBackupsStore } from './backups-store'
import { restoreConfirmed } from './restore-confirm'

interface RestoreDialogProps {
  readonly serverId: string
  readonly serverName: string
  readonly file: string
  readonly onClose: () => void
}

/** Restoring replaces the world: the archive's name must be typed before "Restore" does anything. */
export function RestoreDialog({ serverId, serverName, file, onClose }: RestoreDialogProps) {
  const id = useId()
  const input = useRef<HTMLInputElement>(null)
  const [typed, setTyped] = useState('')
  const [problem, setProblem] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const confirmed = restoreConfirmed(typed, file)

  const restore = async () => {
    if (!confirmed || busy) return
    setBusy(true)
    const failure = await useBackupsStore.getState().restore(serverId, file, typed)
    setBusy(false)
    if (failure) setProblem(failure)
    else onClose()
  }

  return (
    <ModalDialog labelledBy={`${id}-title`} describedBy={`${id}-text`} onEscape={onClose} initialFocus={input} className="is-danger">
      <h2 id={`${id}-title`}>Restore {file}?</h2>
      <p id={`${id}-text`}>
        {serverName} will be stopped, everyone playing is disconnected, and its world is replaced by this backup. The world as it is now is
        kept aside, then the server is started again (one that was already stopped stays stopped).
      </p>
      <form
        onSubmit={(event) => {
          event.preventDefault()
          void restore()
        }}
      >
        <div className="field">
          <label htmlFor={`${id}-confirm`}>
            Type <code>{file}</code> to confirm
          </label>
          <input
            ref={input}
            id={`${id}-confirm`}
            className="mono"
            value={typed}
            autoComplete="off"
            spellCheck={false}
            onChange={(event) => setTyped(event.target.value)}
          />
        </div>
        {problem && (
          <p className="dialog-error" role="alert">
            Could not start the restore: {problem}
          </p>
        )}
        <div className="dialog-actions">
          <button type="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="danger" disabled={!confirmed || busy}>
            {busy ? 'Restoring…' : 'Restore'}
          </button>
        </div>
      </form>
    </ModalDialog>
  )
}
