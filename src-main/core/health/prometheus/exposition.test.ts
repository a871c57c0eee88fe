import { release, version } from 'node:os'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startNodeExporter, type NodeExporter } from '../../../../lab/node-exporter'
import { parseExposition, parseSampleValue } from './exposition'

let exporter: NodeExporter
/** A real page of node_exporter, fetched once. */
let page: string

beforeAll(async () => {
  exporter = await startNodeExporter({ nodeId: 'exposition-test', address: '127.0.1.50', port: 9150 })
  page = await (await fetch(exporter.url, { signal: AbortSignal.timeout(5000) })).text()
}, 30_000)

afterAll(async () => {
  await exporter?.process.stop()
})

/** A naive reading of each sample line, good enough for node_exporter's own output (no timestamps). */
function referenceSamples(text: string): { name: string; value: number }[] {
  return text
    .split('\n')
    .filter((line) => line !== '' && !line.startsWith('#'))
    .map((line) => ({ name: /^[a-zA-Z_:][a-zA-Z0-9_:]*/.exec(line)?.[0] ?? '', value: Number(line.slice(line.lastIndexOf(' ') + 1)) }))
}

describe('parseExposition on a real node_exporter page', () => {
  it('reads every sample line, with the same names and values as a line-by-line reading', () => {
    const parsed = parseExposition(page)
    const reference = referenceSamples(page)
    expect(reference.length).toBeGreaterThan(100)
    expect(parsed.garbageLines).toBe(0)
    expect(parsed.sampleLines).toBe(reference.length)
    expect(parsed.samples.map(({ name, value }) => ({ name, value }))).toEqual(reference)
  })

  it('unquotes label values, spaces and "#" included (node_uname_info)', () => {
    const uname = parseExposition(page, new Set(['node_uname_info'])).samples
    expect(uname).toHaveLength(1)
    expect(uname[0]?.labels).toMatchObject({ release: release(), version: version() })
  })

  it('keeps only the wanted families but still counts every sample line', () => {
    const all = parseExposition(page)
    const wanted = new Set(['node_cpu_seconds_total', 'node_load1'])
    const some = parseExposition(page, wanted)
    expect(some.sampleLines).toBe(all.sampleLines)
    expect(some.samples).toEqual(all.samples.filter(({ name }) => wanted.has(name)))
    expect(some.samples.filter(({ name }) => name === 'node_load1')).toHaveLength(1)
    expect(new Set(some.samples.filter(({ name }) => name === 'node_cpu_seconds_total').map(({ labels }) => labels.mode))).toContain('idle')
  })
})

describe('parseExposition on edge cases', () => {
  it('undoes the three escapes of label values and keeps other backslashes', () => {
    const { samples } = parseExposition('m{a="back\\\\slash",b="say \\"hi\\"",c="two\\nlines",d="tab\\t"} 1\n')
    expect(samples).toEqual([{ name: 'm', labels: { a: 'back\\slash', b: 'say "hi"', c: 'two\nlines', d: 'tab\\t' }, value: 1 }])
  })

  it('reads NaN, ±Inf, exponents, negative numbers and an optional timestamp', () => {
    const text = ['a NaN', 'b +Inf', 'c -Inf', 'd 1.5e+3', 'e -2', 'f 7 1700000000000', 'g 8 -5'].join('\n')
    const values = parseExposition(text).samples.map(({ value }) => value)
    expect(values).toEqual([NaN, Infinity, -Infinity, 1500, -2, 7, 8])
  })

  it('skips comments, blank lines and # EOF, and takes CRLF, tabs, spaces and a trailing comma', () => {
    const text = '# HELP x Help.\r\n# TYPE x gauge\r\n\r\n   \r\n\tx { a = "1" , b="2", } \t 3 \r\n# EOF\r\n'
    expect(parseExposition(text)).toEqual({ samples: [{ name: 'x', labels: { a: '1', b: '2' }, value: 3 }], sampleLines: 1, garbageLines: 0 })
  })

  it('keeps braces, commas and "#" inside quoted label values', () => {
    const { samples } = parseExposition('m{a="}{,#",b="x"} 4\n', new Set(['m']))
    expect(samples[0]?.labels).toEqual({ a: '}{,#', b: 'x' })
    expect(parseExposition('other{a="} 5"} 6\n', new Set(['m']))).toMatchObject({ sampleLines: 1, garbageLines: 0 })
  })

  it.each([
    ['an HTML page', '<html><body>Not found</body></html>'],
    ['prose', 'Hello world'],
    ['a sample without a value', 'm{a="b"}'],
    ['an unterminated label set', 'm{a="b" 1'],
    ['an unterminated label value', 'm{a="b} 1'],
    ['an unquoted label value', 'm{a=b} 1'],
    ['a label without a name', 'm{="b"} 1'],
    ['a value that is no number', 'm 1.2.3'],
    ['a fractional timestamp', 'm 1 1.5'],
    ['text after the timestamp', 'm 1 2 3'],
    ['a name starting with a digit', '9m 1'],
    ['a bare label set', '{a="b"} 1']
  ])('skips %s as garbage, wanted or not', (_what, line) => {
    for (const wanted of [undefined, new Set(['m']), new Set(['other'])]) {
      expect(parseExposition(`${line}\nok 1\n`, wanted)).toMatchObject({ sampleLines: 1, garbageLines: 1 })
    }
  })

  it('never throws on mangled pages', () => {
    // A fixed seed keeps the cases the same on every run.
    let seed = 42
    const random = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31
    const alphabet = '{}"=\\,# \n\t\rab1.-+eInfNa'
    for (let round = 0; round < 300; round++) {
      const chars = page.slice(0, 4000).split('')
      for (let edit = 0; edit < 40; edit++) chars[Math.floor(random() * chars.length)] = alphabet[Math.floor(random() * alphabet.length)] ?? ''
      const result = parseExposition(chars.join(''), new Set(['node_cpu_seconds_total']))
      expect(result.sampleLines + result.garbageLines).toBeGreaterThan(0)
    }
    expect(parseExposition('')).toEqual({ samples: [], sampleLines: 0, garbageLines: 0 })
  })
})

describe('parseSampleValue', () => {
  it('reads what Go’s ParseFloat reads and nothing else', () => {
    expect(parseSampleValue('nan')).toBeNaN()
    expect(parseSampleValue('Inf')).toBe(Infinity)
    expect(parseSampleValue('-inf')).toBe(-Infinity)
    expect(parseSampleValue('0.25')).toBe(0.25)
    expect(parseSampleValue('')).toBeUndefined()
    expect(parseSampleValue('abc')).toBeUndefined()
  })
})
