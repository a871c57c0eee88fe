import { useEffect } from 'react'
import { useNavigationStore } from '../../app/navigation-store'
import { ChatHeader } from './ChatHeader'
import { streamingIds, useChatStore } from './chat-store'
import { Composer } from './Composer'
import { ConversationList } from './ConversationList'
import { chatDraftKey } from './drafts'
import { MessageList } from './MessageList'
import { ModelPicker } from './ModelPicker'
import { OptionsPanel } from './OptionsPanel'
import { useStreamsStore } from './streams-store'
import { SystemPrompt } from './SystemPrompt'

/** The chat: conversations on the left; the open one with its model, system prompt, options, messages and composer. */
export function ChatTab() {
  const conversation = useChatStore((store) => store.conversation)
  const openId = useChatStore((store) => store.openId)
  const openError = useChatStore((store) => store.openError)
  const choice = useChatStore((store) => store.choice)
  const optionsForm = useChatStore((store) => store.optionsForm)
  // Re-read on every frame's stream update: cheap, and the composer must know when the answer ends.
  const streaming = useStreamsStore(() => streamingIds(useChatStore.getState().conversation).length > 0)

  useEffect(() => {
    const stopOnEscape = (event: KeyboardEvent) => {
      if (event.key !== 'Escape' || event.defaultPrevented || useNavigationStore.getState().paletteOpen) return
      if (document.querySelector('[data-modal-panel]')) return
      // Escape in a field or a list already means something there (the search box clears itself): it stops nothing.
      if (event.target instanceof HTMLInputElement || event.target instanceof HTMLSelectElement) return
      useChatStore.getState().stopStreaming()
    }
    window.addEventListener('keydown', stopOnEscape)
    return () => window.removeEventListener('keydown', stopOnEscape)
  }, [])

  return (
    <div className="chat-tab">
      <ConversationList />
      <div className="chat-main">
        <ChatHeader key={openId ?? 'new'} conversation={conversation} />
        {openError && (
          <p className="playground-error" role="alert">
            {openError}
          </p>
        )}
        <div className="chat-settings">
          <ModelPicker choice={choice} onChange={useChatStore.getState().choose} />
          <OptionsPanel form={optionsForm} onChange={useChatStore.getState().setOptions} />
          <SystemPrompt draftKey={chatDraftKey(openId)} stored={conversation?.system ?? ''} />
        </div>
        <MessageList key={openId ?? 'new'} conversation={conversation} />
        <Composer streaming={streaming} />
      </div>
    </div>
  )
}
