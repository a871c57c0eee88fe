import { useId, type KeyboardEvent } from 'react'
import { chatDraftKey } from './drafts'
import { useDraftsStore } from './drafts-store'
import { useChatStore } from './chat-store'

/** The message box: Enter sends, Shift+Enter adds a line; the text stays until the core has it. */
export function Composer({ streaming }: { readonly streaming: boolean }) {
  const id = useId()
  const openId = useChatStore((store) => store.openId)
  const sending = useChatStore((store) => store.sending)
  const sendError = useChatStore((store) => store.sendError)
  const key = chatDraftKey(openId)
  const text = useDraftsStore((store) => store.drafts[key]?.message ?? '')
  const blocked = sending || streaming || text.trim() === ''

  const send = () => {
    if (!blocked) void useChatStore.getState().send()
  }

  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (event.key !== 'Enter' || event.shiftKey || event.nativeEvent.isComposing) return
    event.preventDefault()
    send()
  }

  return (
    <form
      className="composer"
      aria-busy={sending}
      onSubmit={(event) => {
        event.preventDefault()
        send()
      }}
    >
      <label htmlFor={`${id}-message`}>Message</label>
      <div className="composer-row">
        <textarea
          id={`${id}-message`}
          rows={3}
          value={text}
          readOnly={sending}
          aria-describedby={`${id}-hint${sendError ? ` ${id}-error` : ''}`}
          aria-invalid={sendError ? true : undefined}
          placeholder="Ask something…"
          onChange={(event) => useDraftsStore.getState().update(key, { message: event.target.value })}
          onKeyDown={onKeyDown}
        />
        <button type="submit" className="primary" disabled={blocked}>
          {sending ? 'Sending…' : 'Send'}
        </button>
      </div>
      <p id={`${id}-hint`} className="composer-hint muted">
        {streaming ? 'An answer is being written: Stop it (Escape) or wait to send the next message.' : 'Enter sends, Shift+Enter starts a new line.'}
      </p>
      {sendError && (
        <p id={`${id}-error`} className="composer-error" role="alert">
          {sendError}
        </p>
      )}
    </form>
  )
}
