import { isRecord } from '../../app/stored'

/** What the user typed and has not sent yet, in one place of the playground. */
export interface Draft {
  readonly message: string
  readonly system: string | null
}

export type Drafts = Readonly<Record<string, Draft>>

export const emptyDraft: Draft = { message: '', system: null }

/** The chat box of a conversation, or of the chat not yet started. */
export function chatDraftKey(conversationId: number | null): string {
  return conversationId === null ? 'chat:new' : `chat:${conversationId}`
}

export const compareDraftKey = 'compare'

/** Stored drafts, checked: anything malformed is dropped, never a crash. */
export function parseDrafts(value: unknown): Drafts {
  if (!isRecord(value)) return {}
  const drafts: Record<string, Draft> = {}
  for (const [key, draft] of Object.entries(value)) {
    if (!isRecord(draft)) continue
    const message = typeof draft.message === 'string' ? draft.message : ''
    const system = typeof draft.system === 'string' ? draft.system : null
    if (message !== '' || system !== null) drafts[key] = { message, system }
  }
  return drafts
}

/** A draft changed; an empty one is removed so storage holds only real work. */
export function withDraft(drafts: Drafts, key: string, patch: Partial<Draft>): Drafts {
  const next = { ...(drafts[key] ?? emptyDraft), ...patch }
  const { [key]: _was, ...rest } = drafts
  return next.message === '' && next.system === null ? rest : { ...rest, [key]: next }
}

/** The draft a saved prompt loads into the compare box; an empty system prompt leaves the field unset. */
export function draftOfPrompt(prompt: { readonly prompt: string; readonly system: string }): Draft {
  return { message: prompt.prompt, system: prompt.system === '' ? null : prompt.system }
}

/** Whether putting `next` in place of `current` would throw away something the user typed. */
export function losesTyping(current: Draft, next: Draft): boolean {
  const typedMessage = current.message.trim() !== '' && current.message !== next.message
  const typedSystem = (current.system ?? '').trim() !== '' && current.system !== next.system
  return typedMessage || typedSystem
}
