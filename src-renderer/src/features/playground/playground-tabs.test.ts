import { describe, expect, it } from 'vitest'
import { parseRoute } from '../../app/route'
import { playgroundTabs } from './playground-tabs'

describe('the playground tabs', () => {
  it('read the tab from the hash, the chat by default', () => {
    expect(playgroundTabs.parse('#/playground/compare')).toBe('compare')
    expect(playgroundTabs.parse('#/playground/models')).toBe('models')
    expect(playgroundTabs.parse('#/playground')).toBe('chat')
    expect(playgroundTabs.parse('#/playground/nope')).toBe('chat')
    expect(playgroundTabs.parse('#/dashboard/compare')).toBe('chat')
  })

  it('write a hash the router opens as the playground', () => {
    for (const tab of ['chat', 'compare', 'models'] as const) {
      expect(playgroundTabs.parse(playgroundTabs.hash(tab))).toBe(tab)
      expect(parseRoute(playgroundTabs.hash(tab)).section).toBe('playground')
    }
  })

  it('move with the arrow keys, Home and End, wrapping around', () => {
    expect(playgroundTabs.step('chat', 'ArrowRight')).toBe('compare')
    expect(playgroundTabs.step('models', 'ArrowRight')).toBe('chat')
    expect(playgroundTabs.step('chat', 'ArrowLeft')).toBe('models')
    expect(playgroundTabs.step('compare', 'Home')).toBe('chat')
    expect(playgroundTabs.step('compare', 'End')).toBe('models')
    expect(playgroundTabs.step('compare', 'a')).toBeNull()
  })
})
