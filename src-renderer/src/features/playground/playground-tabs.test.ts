import { describe, expect, it } from 'vitest'
import { parseRoute } from '../../app/route'
import { parsePlaygroundTab, playgroundHash, stepTab } from './playground-tabs'

describe('the playground tabs', () => {
  it('read the tab from the hash, the chat by default', () => {
    expect(parsePlaygroundTab('#/playground/compare')).toBe('compare')
    expect(parsePlaygroundTab('#/playground/models')).toBe('models')
    expect(parsePlaygroundTab('#/playground')).toBe('chat')
    expect(parsePlaygroundTab('#/playground/nope')).toBe('chat')
    expect(parsePlaygroundTab('#/dashboard/compare')).toBe('chat')
  })

  it('write a hash the router opens as the playground', () => {
    for (const tab of ['chat', 'compare', 'models'] as const) {
      expect(parsePlaygroundTab(playgroundHash(tab))).toBe(tab)
      expect(parseRoute(playgroundHash(tab)).section).toBe('playground')
    }
  })

  it('move with the arrow keys, Home and End, wrapping around', () => {
    expect(stepTab('chat', 'ArrowRight')).toBe('compare')
    expect(stepTab('models', 'ArrowRight')).toBe('chat')
    expect(stepTab('chat', 'ArrowLeft')).toBe('models')
    expect(stepTab('compare', 'Home')).toBe('chat')
    expect(stepTab('compare', 'End')).toBe('models')
    expect(stepTab('compare', 'a')).toBeNull()
  })
})
