import { describe, expect, it } from 'vitest'
import { chatDraftKey, draftOfPrompt, emptyDraft, losesTyping, parseDrafts, withDraft } from './drafts'

describe('drafts', () => {
  it('keys a chat draft by conversation, the chat not started yet apart', () => {
    expect(chatDraftKey(null)).toBe('chat:new')
    expect(chatDraftKey(12)).toBe('chat:12')
  })

  it('keeps only drafts with something typed, and a system prompt set to "" counts', () => {
    let drafts = withDraft({}, 'chat:new', { message: 'Hel' })
    drafts = withDraft(drafts, 'chat:new', { message: 'Hello' })
    drafts = withDraft(drafts, 'chat:3', { system: '' })
    expect(drafts).toEqual({ 'chat:new': { message: 'Hello', system: null }, 'chat:3': { message: '', system: '' } })
    expect(withDraft(drafts, 'chat:new', { message: '' })).toEqual({ 'chat:3': { message: '', system: '' } })
  })

  it('reads stored drafts defensively', () => {
    expect(parseDrafts(null)).toEqual({})
    expect(parseDrafts([1, 2])).toEqual({})
    expect(parseDrafts({ compare: { message: 'Prompt', system: 'Be brief' }, 'chat:1': 'junk', 'chat:2': { message: 5 } })).toEqual({
      compare: { message: 'Prompt', system: 'Be brief' }
    })
  })

  it('knows when loading a saved prompt would throw away what was typed', () => {
    const saved = draftOfPrompt({ prompt: 'Write a haiku', system: '' })
    expect(saved).toEqual({ message: 'Write a haiku', system: null })
    expect(losesTyping(emptyDraft, saved)).toBe(false)
    expect(losesTyping({ message: '  ', system: null }, saved)).toBe(false)
    expect(losesTyping({ message: 'Write a haiku', system: null }, saved)).toBe(false)
    expect(losesTyping({ message: 'My long prompt', system: null }, saved)).toBe(true)
    expect(losesTyping({ message: '', system: 'Answer in French.' }, saved)).toBe(true)
    expect(losesTyping({ message: '', system: 'Be brief.' }, draftOfPrompt({ prompt: 'x', system: 'Be brief.' }))).toBe(false)
  })
})
