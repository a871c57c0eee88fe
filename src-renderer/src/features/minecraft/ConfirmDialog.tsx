import { useId, useRef } from 'react'
import { ModalDialog } from '../../components/ModalDialog'

interface ConfirmDialogProps {
  readonly title: string
  readonly text: string
  /** The confirming button's label: the action's own verb, never "OK". */
  readonly confirm: string
  readonly onConfirm: () => void
  readonly onCancel: () => void
}

/** Asks before an action that disconnects players or takes something away; Cancel has the focus. */
export function ConfirmDialog({ title, text, confirm, onConfirm, onCancel }: ConfirmDialogProps) {
  const id = useId()
  const cancel = useRef<HTMLButtonElement>(null)
  return (
    <ModalDialog labelledBy={`${id}-title`} describedBy={`${id}-text`} onEscape={onCancel} initialFocus={cancel}>
      <h2 id={`${id}-title`}>{title}</h2>
      <p id={`${id}-text`}>{text}</p>
      <div className="dialog-actions">
        <button ref={cancel} type="button" onClick={onCancel}>
          Cancel
        </button>
        <button type="button" className="danger" onClick={onConfirm}>
          {confirm}
        </button>
      </div>
    </ModalDialog>
  )
}
