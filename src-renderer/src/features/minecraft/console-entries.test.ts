import { describe, expect, it } from 'vitest'
import { answered, appendCapped, commandEntry, failed, filterEntries, lineEntry, noticeEntry } from './console-entries'

describe('console entries', () => {
  it('filters by the text without its codes, ignoring case; a command by itself, its reply or its error', () => {
    const entries = [
      lineEntry('\u001b[33m[12:00:00 WARN]: Can’t keep up!\u001b[m'),
      lineEntry('[12:00:01 INFO]: §eAlex joined the game'),
      answered(commandEntry('list'), 'There are 1 of a max of 20 players online: Alex'),
      failed(commandEntry('tps'), 'wrong RCON password'),
      noticeEntry('Connected again')
    ]
    const kinds = (filter: string) => filterEntries(entries, filter).map((entry) => (entry.kind === 'command' ? entry.command : entry.kind))
    expect(kinds('')).toHaveLength(5)
    expect(kinds('  ')).toHaveLength(5)
    expect(kinds('ALEX')).toEqual(['line', 'list'])
    expect(kinds('warn]: can')).toEqual(['line'])
    expect(kinds('password')).toEqual(['tps'])
    expect(kinds('§e')).toEqual([])
    expect(kinds('again')).toEqual(['notice'])
  })

  it('appends and drops the oldest beyond the cap', () => {
    const entries = ['a', 'b', 'c'].map(lineEntry)
    const kept = appendCapped(entries, ['d', 'e'].map(lineEntry), 4)
    expect(kept.map((entry) => (entry.kind === 'line' ? entry.plain : ''))).toEqual(['b', 'c', 'd', 'e'])
    expect(appendCapped(entries, [], 4)).toBe(entries)
  })
})
