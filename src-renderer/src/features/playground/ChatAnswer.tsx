import type { ChatMessage } from '../../../../src-shared/ollama'
import { AnswerBody } from './AnswerBody'
import { answerOfMessage } from './live-answers'
import { useStreamsStore } from './streams-store'

/** An answer of the chat: live from its stream while it is written, as stored after. */
export function ChatAnswer({ message }: { readonly message: ChatMessage }) {
  const streamId = message.streamId
  const live = useStreamsStore((store) => (streamId === null ? undefined : store.streams[streamId]))
  const answer = live ?? answerOfMessage(message)
  return (
    <article className={`chat-message is-answer is-${answer.status}`} aria-label={`Answer from ${message.model ?? 'the model'}`} aria-busy={answer.status === 'streaming'}>
      <AnswerBody
        answer={answer}
        endpointId={message.endpointId}
        model={message.model}
        onStop={streamId === null ? undefined : () => void useStreamsStore.getState().stop(streamId)}
      />
    </article>
  )
}
