import { useId, useRef, useState } from 'react'
import { ModalDialog } from '../../components/ModalDialog'
import { useChatStore } from './chat-store'

interface DeleteConversationDialogProps {
  readonly conversationId: number
  readonly title: string
  readonly onClose: () => void
}

/** Asks before a conversation and its messages are deleted for good. */
export function DeleteConversationDialog({ conversationId, title, onClose }: DeleteConversationDialogProps) {
  const id = useId()
  const cancel = useRef<HTMLButtonElement>(null)
  const [problem, setProblem] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)

  const remove = async () => {
    setBusy(true)
    const failure = await useChatStore.getState().remove(conversationId)
    setBusy(false)
    if (failure) setProblem(failure)
    else onClose()
  }

  return (
    <ModalDialog labelledBy={`${id}-title`} describedBy={`${id}-text`} onEscape={onClose} initialFocus={cancel}>
      <h2 id={`${id}-title`}>Delete the conversation “{title}”?</h2>
      <p id={`${id}-text`}>Its messages are deleted from this console for good. Export it first to keep a copy.</p>
      {problem && (
        <p className="dialog-error" role="alert">
          Could not delete it: {problem}
        </p>
      )}
      <div className="dialog-actions">
        <button ref={cancel} type="button" onClick={onClose}>
          Cancel
        </button>
        <button type="button" className="danger" disabled={busy} onClick={() => void remove()}>
          Delete
        </button>
      </div>
    </ModalDialog>
  )
}
