import { describe, expect, it } from 'vitest'
import { codeLanguage, nodeText, splitBlocks } from './markdown-blocks'

describe('splitBlocks', () => {
  it('splits at blank lines and drops the blank lines themselves', () => {
    expect(splitBlocks('# Title\n\nFirst paragraph\nstill first.\n\n\n- a\n- b\n')).toEqual(['# Title', 'First paragraph\nstill first.', '- a\n- b'])
    expect(splitBlocks('')).toEqual([])
    expect(splitBlocks('\n\n  \n')).toEqual([])
  })

  it('keeps a fenced code block whole, blank lines and all, also while it is still open', () => {
    const text = 'Look:\n\n```ts\nconst a = 1\n\nconst b = 2\n```\n\nDone.'
    expect(splitBlocks(text)).toEqual(['Look:', '```ts\nconst a = 1\n\nconst b = 2\n```', 'Done.'])
    expect(splitBlocks('Look:\n\n```py\nx = 1\n\n\ny = 2')).toEqual(['Look:', '```py\nx = 1\n\n\ny = 2'])
  })

  it('closes a fence only with the same character, at least as long, and nothing after it', () => {
    const text = '````md\n```\ninner\n```\n\nstill code\n````\n\nafter'
    expect(splitBlocks(text)).toEqual(['````md\n```\ninner\n```\n\nstill code\n````', 'after'])
    expect(splitBlocks('~~~\na\n```\n\nb\n~~~\n\nc')).toEqual(['~~~\na\n```\n\nb\n~~~', 'c'])
    expect(splitBlocks('```\n``` not a close\n\nx\n```\n\ny')).toEqual(['```\n``` not a close\n\nx\n```', 'y'])
  })

  it('lets an indented line after a blank line continue the block', () => {
    expect(splitBlocks('1. first\n\n   more of first\n2. second\n\nafter')).toEqual(['1. first\n\n   more of first\n2. second', 'after'])
  })

  it('never changes a finished block as the text grows (no indented continuation), so only the last one re-renders', () => {
    const text = 'Intro line.\n\n```js\nlet x = 1\n\nx++\n```\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\nThe end, with more words.'
    let previous: string[] = []
    for (let length = 1; length <= text.length; length++) {
      const blocks = splitBlocks(text.slice(0, length))
      const finished = previous.slice(0, -1)
      expect(blocks.slice(0, finished.length), `at ${length}`).toEqual(finished)
      previous = blocks
    }
    expect(previous).toHaveLength(4)
  })
})

describe('codeLanguage', () => {
  it('reads the language of a code element', () => {
    expect(codeLanguage('hljs language-typescript')).toBe('typescript')
    expect(codeLanguage('language-c++')).toBe('c++')
    expect(codeLanguage(undefined)).toBeNull()
    expect(codeLanguage('hljs')).toBeNull()
  })
})

describe('nodeText', () => {
  it('collects the text of a highlighted code element, leaving the markup out', () => {
    const code = {
      type: 'element',
      children: [
        { type: 'element', children: [{ type: 'text', value: 'const' }] },
        { type: 'text', value: ' a = ' },
        { type: 'element', children: [{ type: 'text', value: '1' }] },
        { type: 'comment', value: 'not code' },
        { type: 'text', value: '\n' }
      ]
    }
    expect(nodeText(code)).toBe('const a = 1\n')
  })
})
