import { useEffect, useMemo, useRef } from 'react'
import { pastePreview } from './paste-preview'
import { useTerminalsStore, type PendingPaste } from './terminals-store'

/** A paste of several lines waits for a yes: each line may run as a command. */
export function PasteConfirm() {
  const pending = useTerminalsStore((store) => store.pendingPaste)
  return pending ? <PasteDialog pending={pending} /> : null
}

function PasteDialog({ pending }: { readonly pending: PendingPaste }) {
  const title = useTerminalsStore((store) => store.tabs[pending.terminalId]?.title ?? pending.terminalId)
  const preview = useMemo(() => pastePreview(pending.text), [pending.text])
  const dialog = useRef<HTMLDialogElement>(null)
  const pasteButton = useRef<HTMLButtonElement>(null)
  const store = useTerminalsStore.getState

  useEffect(() => {
    const element = dialog.current
    if (element && !element.open) element.showModal()
    // showModal() focuses the first button; the one that answers the paste is the default.
    pasteButton.current?.focus()
  }, [])

  // The modal dialog makes the page inert: it closes first, so the terminal can take the focus back.
  const finish = (paste: boolean) => {
    dialog.current?.close()
    if (paste) store().confirmPaste()
    else store().cancelPaste()
  }

  const lines = `${preview.lineCount} line${preview.lineCount === 1 ? '' : 's'}`
  return (
    <dialog
      ref={dialog}
      className="paste-confirm"
      aria-labelledby="paste-confirm-title"
      onCancel={(event) => {
        event.preventDefault()
        finish(false)
      }}
    >
      <h2 id="paste-confirm-title">
        Paste {lines} into {title}?
      </h2>
      <p className="muted">Each line can run as a command as soon as it reaches the shell.</p>
      <pre className="paste-preview" aria-label="First lines of the paste">
        {preview.firstLines.join('\n')}
      </pre>
      {preview.moreLines > 0 && (
        <p className="muted">
          …and {preview.moreLines} more line{preview.moreLines === 1 ? '' : 's'} ({pending.text.length.toLocaleString()} characters in all).
        </p>
      )}
      <div className="dialog-actions">
        <button type="button" onClick={() => finish(false)}>
          Cancel
        </button>
        <button ref={pasteButton} type="button" className="primary" onClick={() => finish(true)}>
          Paste {lines}
        </button>
      </div>
    </dialog>
  )
}
