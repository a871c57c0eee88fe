import { useId } from 'react'
import { formatRelative } from '../health/format'
import { useNow } from '../health/use-now'
import { useChatStore } from './chat-store'

/** The stored conversations, newest first, with a search over titles and messages, and "New chat". */
export function ConversationList() {
  const id = useId()
  const query = useChatStore((store) => store.query)
  const conversations = useChatStore((store) => store.conversations)
  const listError = useChatStore((store) => store.listError)
  const openId = useChatStore((store) => store.openId)
  const now = useNow(30_000)
  const { search, open, newChat } = useChatStore.getState()

  return (
    <nav className="conversation-list" aria-label="Conversations">
      <button type="button" className="primary" onClick={newChat}>
        New chat
      </button>
      <div className="field">
        <label htmlFor={id}>Search conversations</label>
        <input id={id} type="search" value={query} placeholder="Title or message text" onChange={(event) => search(event.target.value)} />
      </div>
      {listError && <p className="playground-error">{listError}</p>}
      {!listError && conversations.length === 0 && (
        <p className="muted conversation-empty">{query.trim() === '' ? 'No conversations yet.' : `No conversation matches “${query.trim()}”.`}</p>
      )}
      <ul>
        {conversations.map((conversation) => (
          <li key={conversation.id}>
            <button
              type="button"
              className="conversation-item"
              aria-current={conversation.id === openId ? 'page' : undefined}
              onClick={() => void open(conversation.id)}
            >
              <span className="conversation-title">{conversation.title}</span>
              <span className="conversation-meta">
                {conversation.model} · {formatRelative(conversation.updatedAt, now)}
              </span>
            </button>
          </li>
        ))}
      </ul>
    </nav>
  )
}
