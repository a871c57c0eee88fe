import { describe, expect, it } from 'vitest'
import { parseRemembered } from './remembered'

describe('parseRemembered', () => {
  it('reads the last choices back', () => {
    const stored = {
      chat: { endpointId: 'pi-llm/ollama', model: 'tinyllama' },
      options: { temperature: 0.2, stop: ['###'] },
      compare: [{ endpointId: 'a/ollama', model: 'x' }, { endpointId: 'b/ollama', model: null }],
      openConversation: 12
    }
    expect(parseRemembered(stored)).toEqual(stored)
  })

  it('falls back to nothing chosen and two empty columns for anything malformed', () => {
    const fallback = { chat: { endpointId: null, model: null }, options: {}, compare: [{ endpointId: null, model: null }, { endpointId: null, model: null }], openConversation: null }
    expect(parseRemembered(null)).toEqual(fallback)
    expect(parseRemembered('junk')).toEqual(fallback)
    expect(parseRemembered({ chat: { endpointId: 3 }, options: { temperature: 99 }, compare: [], openConversation: 1.5 })).toEqual(fallback)
    expect(parseRemembered({ compare: [1, 2, 3, 4, 5, 6] }).compare).toHaveLength(4)
  })
})
