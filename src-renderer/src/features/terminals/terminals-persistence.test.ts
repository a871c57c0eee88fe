import { describe, expect, it } from 'vitest'
import { defaultFontSize, maxFontSize, minFontSize, parsePrefs, parseRememberedTabs } from './terminals-persistence'

describe('parsePrefs', () => {
  it('reads stored prefs and clamps the font size', () => {
    expect(parsePrefs('{"fontSize":16,"copyOnSelect":true}')).toEqual({ fontSize: 16, copyOnSelect: true })
    expect(parsePrefs('{"fontSize":200}').fontSize).toBe(maxFontSize)
    expect(parsePrefs('{"fontSize":1}').fontSize).toBe(minFontSize)
  })

  it('falls back to the defaults for missing or malformed values', () => {
    for (const text of [null, '', 'not json', '[]', '{"fontSize":"big","copyOnSelect":"yes"}']) {
      expect(parsePrefs(text)).toEqual({ fontSize: defaultFontSize, copyOnSelect: false })
    }
  })
})

describe('parseRememberedTabs', () => {
  it('keeps only well-formed ids and titles', () => {
    expect(parseRememberedTabs('{"order":["t1",2,"t3"],"titles":{"t1@pi":"logs","t3@db":7}}')).toEqual({
      order: ['t1', 't3'],
      titles: { 't1@pi': 'logs' }
    })
    expect(parseRememberedTabs('oops')).toEqual({ order: [], titles: {} })
  })
})
