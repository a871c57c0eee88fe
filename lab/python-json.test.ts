import { describe, expect, it } from 'vitest'
import { pyFloat, pyJson, pyRepr, pythonFloat } from './python-json'

describe('JSON as Python writes it', () => {
  it('prints floats as float.__repr__ does', () => {
    expect([7, 0.1, 0.0001, 0.00001, 123456.789, 1e16, 1.5e16, 1e15, -2.5, -0].map(pythonFloat)).toEqual([
      '7.0',
      '0.1',
      '0.0001',
      '1e-05',
      '123456.789',
      '1e+16',
      '1.5e+16',
      '1000000000000000.0',
      '-2.5',
      '-0.0'
    ])
  })

  it('writes json.dumps’s separators and escapes, or the compact ones', () => {
    const value = { text: 'café 😀\n"q"\u0001', cfg: pyFloat(7), steps: 20, seed: 18446744073709551615n, none: null, list: [true, false] }
    expect(pyJson(value)).toBe(
      '{"text": "caf\\u00e9 \\ud83d\\ude00\\n\\"q\\"\\u0001", "cfg": 7.0, "steps": 20, "seed": 18446744073709551615, "none": null, "list": [true, false]}'
    )
    expect(pyJson({ text: 'café', cfg: pyFloat(7.5) }, { compact: true, ensureAscii: false })).toBe('{"text":"café","cfg":7.5}')
  })

  it('writes repr() of strings, lists and dicts', () => {
    expect(pyRepr(['a', "it's", 1, pyFloat(2), null, true])).toBe(`['a', "it's", 1, 2.0, None, True]`)
    expect(pyRepr({ key: 'v' })).toBe("{'key': 'v'}")
  })
})
