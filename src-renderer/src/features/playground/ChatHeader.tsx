import { useId, useState } from 'react'
import type { Conversation } from '../../../../src-shared/ollama'
import { useChatStore } from './chat-store'
import { ConfirmDialog } from '../../components/ConfirmDialog'
import { downloadText } from '../../components/download'

/** The open conversation's title with Rename, Export and Delete; "New chat" before the first message. */
export function ChatHeader({ conversation }: { readonly conversation: Conversation | null }) {
  const id = useId()
  const [renaming, setRenaming] = useState<string | null>(null)
  const [problem, setProblem] = useState<string | null>(null)
  const [deleting, setDeleting] = useState(false)

  if (!conversation) {
    return (
      <header className="chat-header">
        <h2>New chat</h2>
      </header>
    )
  }

  const saveTitle = async (title: string) => {
    const failure = await useChatStore.getState().rename(conversation.id, title)
    setProblem(failure)
    if (!failure) setRenaming(null)
  }

  const exportMarkdown = async () => {
    const exported = await useChatStore.getState().exportMarkdown(conversation.id)
    if (exported) downloadText(exported.fileName, exported.markdown, 'text/markdown')
  }

  return (
    <header className="chat-header">
      {renaming === null ? (
        <>
          <h2>{conversation.title}</h2>
          <div className="chat-header-actions">
            <button type="button" onClick={() => setRenaming(conversation.title)}>
              Rename
            </button>
            <button type="button" onClick={() => void exportMarkdown()}>
              Export
            </button>
            <button type="button" onClick={() => setDeleting(true)}>
              Delete
            </button>
          </div>
        </>
      ) : (
        <form
          className="rename-form"
          onSubmit={(event) => {
            event.preventDefault()
            void saveTitle(renaming)
          }}
        >
          <label htmlFor={id}>Conversation title</label>
          <input
            id={id}
            value={renaming}
            maxLength={200}
            // The rename form appears because the user asked for it: the field is where they type next.
            autoFocus
            onChange={(event) => setRenaming(event.target.value)}
            onKeyDown={(event) => {
              if (event.key === 'Escape') {
                event.preventDefault()
                setRenaming(null)
                setProblem(null)
              }
            }}
          />
          <button type="submit" className="primary" disabled={renaming.trim() === ''}>
            Save
          </button>
          <button
            type="button"
            onClick={() => {
              setRenaming(null)
              setProblem(null)
            }}
          >
            Cancel
          </button>
          {problem && (
            <p className="field-problem" role="alert">
              Could not rename it: {problem}
            </p>
          )}
        </form>
      )}
      {deleting && (
        <ConfirmDialog
          title={`Delete the conversation “${conversation.title}”?`}
          text="Its messages are deleted from this console for good. Export it first to keep a copy."
          confirm="Delete"
          onConfirm={async () => {
            const failure = await useChatStore.getState().remove(conversation.id)
            return failure && `Could not delete it: ${failure}`
          }}
          onClose={() => setDeleting(false)}
        />
      )}
    </header>
  )
}
