import { useEffect, useRef } from 'react'
import type { Conversation } from '../../../../src-shared/ollama'
import { ChatAnswer } from './ChatAnswer'
import { stickToBottom } from './stick-to-bottom'

/** The messages of the open conversation, following the streaming answer down unless the user scrolled up. */
export function MessageList({ conversation }: { readonly conversation: Conversation | null }) {
  const scroller = useRef<HTMLElement>(null)
  const content = useRef<HTMLDivElement>(null)
  useEffect(() => {
    if (scroller.current && content.current) return stickToBottom(scroller.current, content.current)
  }, [])
  const messages = conversation?.messages ?? []
  return (
    <section ref={scroller} className="chat-messages" aria-label="Messages">
      <div ref={content} className="chat-messages-inner">
        {messages.length === 0 && <p className="chat-empty muted">Pick an endpoint and a model, then type a message below.</p>}
        {messages.map((message) =>
          message.role === 'user' ? (
            <article key={message.id} className="chat-message is-user" aria-label="Your message">
              <p>{message.content}</p>
            </article>
          ) : (
            <ChatAnswer key={message.id} message={message} />
          )
        )}
      </div>
    </section>
  )
}
