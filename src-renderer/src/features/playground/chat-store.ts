import { create } from 'zustand'
import { ChatSendInput, titleFrom, type ChatMessage, type ChatSendReply, type Conversation, type ConversationSummary } from '../../../../src-shared/ollama'
import { api } from '../../api/api'
import { RequestFailure } from '../../api/client'
import { isMissingFeature, messageOf } from '../../api/failures'
import { useToastStore } from '../../app/toast-store'
import { chatDraftKey } from './drafts'
import { draftOf, useDraftsStore } from './drafts-store'
import { answerOfMessage } from './live-answers'
import { inputProblem } from './messages'
import { optionsToForm, parseOptionsForm, type OptionsForm } from './options-form'
import { loadRemembered, remember, type ModelChoice } from './remembered'
import { useStreamsStore } from './streams-store'

interface ChatStore {
  readonly query: string
  readonly conversations: readonly ConversationSummary[]
  readonly listError: string | null
  /** The conversation shown, or null for a chat not started yet. */
  readonly openId: number | null
  readonly conversation: Conversation | null
  readonly openError: string | null
  readonly choice: ModelChoice
  readonly optionsForm: OptionsForm
  readonly sending: boolean
  /** Why the last send failed; the typed text is still in the composer. */
  readonly sendError: string | null
  start(): () => void
  refreshList(): Promise<void>
  /** Searches titles and messages, a moment after the user stops typing. */
  search(query: string): void
  newChat(): void
  open(conversationId: number): Promise<void>
  /** Reads the open conversation again (after a reconnect, or to catch up with the store). */
  reloadOpen(): Promise<void>
  choose(choice: ModelChoice): void
  setOptions(form: OptionsForm): void
  send(): Promise<boolean>
  /** Stops every answer of the open conversation that is still streaming. */
  stopStreaming(): void
  rename(conversationId: number, title: string): Promise<string | null>
  remove(conversationId: number): Promise<string | null>
  exportMarkdown(conversationId: number): Promise<{ readonly fileName: string; readonly markdown: string } | null>
}

const searchDelayMs = 200

/** The answers of a conversation still being written, by stream id. */
export function streamingIds(conversation: Conversation | null): string[] {
  const streams = useStreamsStore.getState().streams
  return (conversation?.messages ?? []).flatMap((message) => {
    if (message.streamId === null) return []
    const live = streams[message.streamId]
    return (live ? live.status === 'streaming' : message.status === 'streaming') ? [message.streamId] : []
  })
}

function withMessage(conversation: Conversation, message: ChatMessage): Conversation {
  const known = conversation.messages.some((candidate) => candidate.id === message.id)
  return {
    ...conversation,
    messages: known ? conversation.messages.map((candidate) => (candidate.id === message.id ? message : candidate)) : [...conversation.messages, message]
  }
}

/** The conversation a first message started, shown at once with the title the core gave it; chat.get brings the rest. */
function startedConversation(input: ChatSendInput, reply: ChatSendReply): Conversation {
  return {
    id: reply.conversationId,
    title: titleFrom(input.content),
    endpointId: input.endpointId,
    model: input.model,
    createdAt: reply.userMessage.createdAt,
    updatedAt: reply.userMessage.createdAt,
    messageCount: 2,
    system: input.system,
    options: input.options,
    messages: [reply.userMessage, reply.answer]
  }
}

/** Conversations (stored by the core), the open one, and sending to it. */
export const useChatStore = create<ChatStore>()((set, get) => {
  let listRequest = 0
  let searchTimer: ReturnType<typeof setTimeout> | undefined
  const remembered = loadRemembered()

  /** Follows an answer being written: the streams store shows it live, its end is kept in the conversation. */
  const followed = new Set<string>()
  const follow = (conversationId: number, message: ChatMessage) => {
    const streamId = message.streamId
    if (streamId === null || message.status !== 'streaming') return
    const streams = useStreamsStore.getState()
    // A snapshot with text (chat.get mid-answer) holds every delta sent before it, also those a page
    // that was disconnected never got; an empty one adds nothing.
    if (message.content !== '' || message.thinking !== '') streams.seed(streamId, answerOfMessage(message))
    if (followed.has(streamId)) return
    followed.add(streamId)
    void streams.whenEnded(streamId).then((final) => {
      followed.delete(streamId)
      const conversation = get().conversation
      if (conversation?.id === conversationId) {
        const current = conversation.messages.find((candidate) => candidate.id === message.id) ?? message
        set({ conversation: withMessage(conversation, { ...current, ...final, content: final.text, streamId: null }) })
      }
      void get().refreshList()
    })
  }

  /** Shows a conversation; one just opened also brings its model and options into the pickers. */
  const show = (conversation: Conversation) => {
    const opened = get().conversation?.id !== conversation.id
    if (opened) remember({ openConversation: conversation.id })
    set({
      openId: conversation.id,
      conversation,
      openError: null,
      ...(opened ? { choice: { endpointId: conversation.endpointId, model: conversation.model }, optionsForm: optionsToForm(conversation.options), sendError: null } : {})
    })
    for (const message of conversation.messages) follow(conversation.id, message)
  }

  /**
   * The chat open before a reload, unless the user opened another meanwhile. One the core says is
   * gone is let go quietly; one the connection could not fetch yet stays open for the reconnect's re-read.
   */
  const reopenLast = async () => {
    const last = loadRemembered().openConversation
    if (last === null || get().openId !== null) return
    set({ openId: last, conversation: null, openError: null, sendError: null })
    try {
      const conversation = await api().request('chat.get', { conversationId: last })
      if (get().openId === last) show(conversation)
    } catch (error) {
      if (get().openId !== last) return
      if (error instanceof RequestFailure && error.detail.code !== 'disconnected') get().newChat()
      else set({ openError: `Could not open the conversation: ${messageOf(error)}` })
    }
  }

  return {
    query: '',
    conversations: [],
    listError: null,
    openId: null,
    conversation: null,
    openError: null,
    choice: remembered.chat,
    optionsForm: optionsToForm(remembered.options),
    sending: false,
    sendError: null,

    start() {
      void get().refreshList()
      void reopenLast()
      return () => clearTimeout(searchTimer)
    },

    async refreshList() {
      const request = ++listRequest
      const query = get().query.trim()
      try {
        const conversations = await api().request('chat.list', query === '' ? {} : { query })
        if (request === listRequest) set({ conversations, listError: null })
      } catch (error) {
        if (request === listRequest) set({ listError: isMissingFeature(error) ? 'This console does not store chats yet.' : `Could not list the conversations: ${messageOf(error)}` })
      }
    },

    search(query) {
      set({ query })
      clearTimeout(searchTimer)
      searchTimer = setTimeout(() => void get().refreshList(), searchDelayMs)
    },

    newChat() {
      const { chat, options } = loadRemembered()
      set({ openId: null, conversation: null, openError: null, sendError: null, choice: chat, optionsForm: optionsToForm(options) })
      remember({ openConversation: null })
    },

    async open(conversationId) {
      set({ openId: conversationId, conversation: null, openError: null, sendError: null })
      await get().reloadOpen()
    },

    async reloadOpen() {
      const conversationId = get().openId
      if (conversationId === null) return
      try {
        const conversation = await api().request('chat.get', { conversationId })
        if (get().openId === conversationId) show(conversation)
      } catch (error) {
        if (get().openId === conversationId) set({ openError: `Could not open the conversation: ${messageOf(error)}` })
      }
    },

    choose(choice) {
      set({ choice })
      remember({ chat: choice })
    },

    setOptions: (optionsForm) => set({ optionsForm }),

    async send() {
      const { openId, conversation, choice, optionsForm, sending } = get()
      const key = chatDraftKey(openId)
      const draft = draftOf(key)
      if (sending || draft.message.trim() === '') return false
      if (openId !== null && conversation?.id !== openId) {
        // Its system prompt, model and options are not known yet: sending now would overwrite them with another chat's.
        set({ sendError: 'The conversation has not loaded yet: send again once it shows.' })
        return false
      }
      if (choice.endpointId === null || choice.model === null) {
        set({ sendError: 'Choose an endpoint and a model first.' })
        return false
      }
      const { options, problems } = parseOptionsForm(optionsForm)
      const problem = Object.values(problems)[0]
      if (problem) {
        set({ sendError: `Check the options: ${problem}.` })
        return false
      }
      const input: ChatSendInput = {
        ...(openId === null ? {} : { conversationId: openId }),
        endpointId: choice.endpointId,
        model: choice.model,
        system: draft.system ?? conversation?.system ?? '',
        options,
        content: draft.message
      }
      const checked = ChatSendInput.safeParse(input)
      if (!checked.success) {
        set({ sendError: `Could not send the message. ${inputProblem(checked.error, { content: 'The message', system: 'The system prompt' })}` })
        return false
      }
      set({ sending: true, sendError: null })
      let reply: ChatSendReply
      try {
        reply = await api().request('chat.send', input)
      } catch (error) {
        // The draft is untouched: the text stays in the composer to send again.
        set({ sending: false, sendError: `Could not send the message: ${messageOf(error)}` })
        return false
      }
      const drafts = useDraftsStore.getState()
      if (draftOf(key).message === input.content) drafts.update(key, { message: '' })
      if (openId === null) drafts.move(key, chatDraftKey(reply.conversationId))
      remember({ chat: choice, options })
      set({ sending: false })
      const shown = get().conversation
      if (get().openId === null && openId === null) {
        show(startedConversation(input, reply))
        void get().reloadOpen()
      } else if (shown?.id === reply.conversationId) {
        set({ conversation: withMessage(withMessage(shown, reply.userMessage), reply.answer) })
      }
      follow(reply.conversationId, reply.answer)
      void get().refreshList()
      return true
    },

    stopStreaming() {
      for (const streamId of streamingIds(get().conversation)) void useStreamsStore.getState().stop(streamId)
    },

    async rename(conversationId, title) {
      try {
        const summary = await api().request('chat.rename', { conversationId, title })
        const conversation = get().conversation
        set({
          conversations: get().conversations.map((candidate) => (candidate.id === conversationId ? summary : candidate)),
          conversation: conversation?.id === conversationId ? { ...conversation, title: summary.title } : conversation
        })
        return null
      } catch (error) {
        return messageOf(error)
      }
    },

    async remove(conversationId) {
      try {
        await api().request('chat.delete', { conversationId })
      } catch (error) {
        return messageOf(error)
      }
      useDraftsStore.getState().remove(chatDraftKey(conversationId))
      set({ conversations: get().conversations.filter((candidate) => candidate.id !== conversationId) })
      if (get().openId === conversationId) get().newChat()
      return null
    },

    async exportMarkdown(conversationId) {
      try {
        return await api().request('chat.export', { conversationId })
      } catch (error) {
        useToastStore.getState().show(`Could not export the conversation: ${messageOf(error)}`)
        return null
      }
    }
  }
})
