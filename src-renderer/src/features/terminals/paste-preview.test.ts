import { describe, expect, it } from 'vitest'
import { needsPasteConfirm, pastePreview } from './paste-preview'

describe('needsPasteConfirm', () => {
  it('lets one line through, with or without its line break', () => {
    expect(needsPasteConfirm('ls -la')).toBe(false)
    expect(needsPasteConfirm('ls -la\n')).toBe(false)
    expect(needsPasteConfirm('ls -la\r\n')).toBe(false)
    expect(needsPasteConfirm('')).toBe(false)
  })

  it('asks for two lines or more, whatever the line breaks', () => {
    expect(needsPasteConfirm('cd /tmp\nrm -rf x')).toBe(true)
    expect(needsPasteConfirm('a\r\nb')).toBe(true)
    expect(needsPasteConfirm('a\rb')).toBe(true)
    expect(needsPasteConfirm('a\n\n')).toBe(true)
  })
})

describe('pastePreview', () => {
  it('counts lines without the trailing empty one and shows the first ones', () => {
    const text = ['one', 'two', 'three', 'four', 'five', 'six', 'seven'].join('\n') + '\n'
    expect(pastePreview(text)).toEqual({ lineCount: 7, firstLines: ['one', 'two', 'three', 'four', 'five'], moreLines: 2 })
  })

  it('cuts long lines', () => {
    const preview = pastePreview(`${'x'.repeat(10)}\r\nshort`, 5, 5)
    expect(preview.firstLines).toEqual(['xxxxx…', 'short'])
    expect(preview.moreLines).toBe(0)
  })
})
