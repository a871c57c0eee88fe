import { useId, useRef, useState, type ReactNode } from 'react'
import { ModalDialog } from './ModalDialog'

interface ConfirmDialogProps {
  readonly title: ReactNode
  readonly text: ReactNode
  /** The confirming button's label: the action's own verb, never "OK". */
  readonly confirm: string
  /** A destructive action (the default) or one that only replaces something on screen. */
  readonly tone?: 'danger' | 'primary'
  /**
   * The action. A promise makes the dialog wait, then show the problem it resolves to, in
   * words, or close when it resolves to null.
   */
  readonly onConfirm: () => Promise<string | null> | void
  /** Closes the dialog: Cancel, Escape, or the action done. */
  readonly onClose: () => void
}

/** Asks before an action that takes something away; Cancel has the focus. */
export function ConfirmDialog({ title, text, confirm, tone = 'danger', onConfirm, onClose }: ConfirmDialogProps) {
  const id = useId()
  const cancel = useRef<HTMLButtonElement>(null)
  const [problem, setProblem] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)

  const act = async () => {
    const pending = onConfirm()
    if (!pending) return onClose()
    setBusy(true)
    const failure = await pending
    setBusy(false)
    if (failure === null) onClose()
    else setProblem(failure)
  }

  return (
    <ModalDialog labelledBy={`${id}-title`} describedBy={`${id}-text`} onEscape={onClose} initialFocus={cancel}>
      <h2 id={`${id}-title`}>{title}</h2>
      <p id={`${id}-text`}>{text}</p>
      {problem && (
        <p className="dialog-error" role="alert">
          {problem}
        </p>
      )}
      <div className="dialog-actions">
        <button ref={cancel} type="button" onClick={onClose}>
          Cancel
        </button>
        <button type="button" className={tone} disabled={busy} onClick={() => void act()}>
          {confirm}
        </button>
      </div>
    </ModalDialog>
  )
}
