import { useId, useRef } from 'react'
import { ModalDialog } from '../../components/ModalDialog'

interface ReplacePromptDialogProps {
  readonly title: string
  readonly onReplace: () => void
  readonly onClose: () => void
}

/** Asks before a saved prompt replaces the prompt the user typed in the compare box. */
export function ReplacePromptDialog({ title, onReplace, onClose }: ReplacePromptDialogProps) {
  const id = useId()
  const cancel = useRef<HTMLButtonElement>(null)
  return (
    <ModalDialog labelledBy={`${id}-title`} describedBy={`${id}-text`} onEscape={onClose} initialFocus={cancel}>
      <h2 id={`${id}-title`}>Replace your prompt with “{title}”?</h2>
      <p id={`${id}-text`}>What you typed in the prompt and system prompt boxes is not saved and will be gone. Save it first to keep it.</p>
      <div className="dialog-actions">
        <button ref={cancel} type="button" onClick={onClose}>
          Cancel
        </button>
        <button
          type="button"
          className="primary"
          onClick={() => {
            onReplace()
            onClose()
          }}
        >
          Replace
        </button>
      </div>
    </ModalDialog>
  )
}
