import { describe, expect, it } from 'vitest'
import { parseList, parseTps, stripColourCodes } from './paper-replies'

describe('stripping colour codes', () => {
  it('drops § codes, hex colours included, and keeps the text', () => {
    expect(stripColourCodes('§6TPS from last 1m, 5m, 15m: §a20.0')).toBe('TPS from last 1m, 5m, 15m: 20.0')
    expect(stripColourCodes('§x§f§f§0§0§0§0red§r plain')).toBe('red plain')
  })
})

describe('reading tps', () => {
  it('reads Paper’s reply with its colours', () => {
    expect(parseTps('§6TPS from last 1m, 5m, 15m: §a20.0§6, §a19.87§6, §e17.5')).toEqual([20, 19.87, 17.5])
  })

  it('reads a figure above 20, which Paper marks with a star', () => {
    expect(parseTps('§6TPS from last 1m, 5m, 15m: §a*20.01§6, §a*20.0§6, §a20.0')).toEqual([20.01, 20, 20])
  })

  it('reads the figures when Paper adds lines around them (mspt on newer builds)', () => {
    expect(parseTps('TPS from last 1m, 5m, 15m: 20.0, 20.0, 20.0\nServer tick times (avg/min/max) from last 5s: 1.2/0.5/3.1')).toEqual([20, 20, 20])
  })

  it('gives null for a server without the command, or garbage', () => {
    expect(parseTps('Unknown or incomplete command, see below for error')).toBeNull()
    expect(parseTps('TPS from last 1m, 5m, 15m: 20.0, lots')).toBeNull()
    expect(parseTps('')).toBeNull()
  })
})

describe('reading list', () => {
  it('reads the 1.13+ vanilla and Paper wording with names', () => {
    expect(parseList('There are 2 of a max of 20 players online: alice, bob')).toEqual({ online: 2, max: 20, names: ['alice', 'bob'] })
  })

  it('reads an empty server, whose reply ends after the colon', () => {
    expect(parseList('There are 0 of a max of 20 players online: ')).toEqual({ online: 0, max: 20, names: [] })
  })

  it('reads the 1.12 and Bukkit wording with the names on the next line', () => {
    expect(parseList('There are 3/10 players online:\nalice, bob, carol')).toEqual({ online: 3, max: 10, names: ['alice', 'bob', 'carol'] })
  })

  it('reads `list uuids` and coloured names', () => {
    expect(parseList('§6There are §c1§6 of a max of §c20§6 players online: §falice (069a79f4-44e9-4726-a5be-fca90e38aaf5)')).toEqual({
      online: 1,
      max: 20,
      names: ['alice']
    })
  })

  it('gives null for a reply without counts', () => {
    expect(parseList('Unknown command')).toBeNull()
  })
})
