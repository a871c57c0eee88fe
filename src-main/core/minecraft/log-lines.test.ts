import { describe, expect, it } from 'vitest'
import { LineSplitter, linesAfter, maxLineLength } from './log-lines'

describe('splitting a log into lines', () => {
  it('splits across chunks, CRLF included, and keeps the unfinished line for later', () => {
    const splitter = new LineSplitter()
    expect(splitter.push(Buffer.from('[12:00:00 INFO]: one\r\n[12:00:01 INFO]: tw'))).toEqual(['[12:00:00 INFO]: one'])
    expect(splitter.push(Buffer.from('o\n\nthree'))).toEqual(['[12:00:01 INFO]: two', ''])
    expect(splitter.end()).toEqual(['three'])
    expect(splitter.end()).toEqual([])
  })

  it('keeps a UTF-8 character split between two chunks whole', () => {
    const bytes = Buffer.from('§aJürgen joined\n')
    const splitter = new LineSplitter()
    const cut = bytes.indexOf(0xbc)
    expect(splitter.push(bytes.subarray(0, cut))).toEqual([])
    expect(splitter.push(bytes.subarray(cut))).toEqual(['§aJürgen joined'])
  })

  it('cuts a runaway line', () => {
    const [line] = new LineSplitter().push(Buffer.from(`${'x'.repeat(maxLineLength + 10)}\n`))
    expect(line).toHaveLength(maxLineLength + 1)
    expect(line?.endsWith('…')).toBe(true)
  })
})

describe('going on after a reconnect', () => {
  const backlog = ['a', 'b', 'c', 'd', 'e']

  it('gives the lines after the last shown ones', () => {
    expect(linesAfter(['b', 'c'], backlog)).toEqual(['d', 'e'])
    expect(linesAfter(['c', 'd', 'e'], backlog)).toEqual([])
  })

  it('takes the last place the shown lines appear, for logs that repeat themselves', () => {
    expect(linesAfter(['saved'], ['saved', 'x', 'saved', 'y'])).toEqual(['y'])
  })

  it('gives everything when the shown lines are not there (rotated, or too much missed) or none were shown', () => {
    expect(linesAfter(['z'], backlog)).toEqual(backlog)
    expect(linesAfter([], backlog)).toEqual(backlog)
  })
})
