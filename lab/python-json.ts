/**
 * JSON as Python's json.dumps writes it, for the emulators of Python servers (A1111's FastAPI,
 * ComfyUI's aiohttp, the seed's Flask worker): its separators, its \uXXXX escapes and its floats,
 * which keep ".0" (7.0 where JSON.stringify writes 7).
 */

/** A number Python holds as a float. */
export class PyFloat {
  constructor(readonly value: number) {}
}

export function pyFloat(value: number): PyFloat {
  return new PyFloat(value)
}

export interface PyJsonStyle {
  /** (",", ":") as Starlette's and Flask's responses use; json.dumps's default is (", ", ": "). */
  readonly compact?: boolean
  /** json.dumps's default: every non-ASCII character as \uXXXX. Starlette turns it off. */
  readonly ensureAscii?: boolean
}

export function pyJson(value: unknown, style: PyJsonStyle = {}): string {
  const itemSeparator = style.compact ? ',' : ', '
  const keySeparator = style.compact ? ':' : ': '
  const ensureAscii = style.ensureAscii ?? true
  const write = (item: unknown): string => {
    if (item === null || item === undefined) return 'null'
    if (item instanceof PyFloat) return pythonFloat(item.value)
    switch (typeof item) {
      case 'string':
        return pyString(item, ensureAscii)
      case 'boolean':
        return item ? 'true' : 'false'
      case 'bigint':
        return item.toString()
      case 'number':
        return Number.isInteger(item) ? item.toFixed(0) : pythonFloat(item)
      case 'object':
        if (Array.isArray(item)) return `[${item.map(write).join(itemSeparator)}]`
        return `{${Object.entries(item)
          .filter(([, entry]) => entry !== undefined)
          .map(([key, entry]) => `${pyString(key, ensureAscii)}${keySeparator}${write(entry)}`)
          .join(itemSeparator)}}`
      default:
        throw new Error(`json.dumps cannot write a ${typeof item}`)
    }
  }
  return write(value)
}

const escapes: Readonly<Record<string, string>> = { '"': '\\"', '\\': '\\\\', '\n': '\\n', '\r': '\\r', '\t': '\\t', '\b': '\\b', '\f': '\\f' }

function pyString(text: string, ensureAscii: boolean): string {
  let out = '"'
  for (let index = 0; index < text.length; index++) {
    const char = text.charAt(index)
    const code = text.charCodeAt(index)
    // Code units, not code points: an astral character becomes its two escaped surrogates, as in Python.
    out += escapes[char] ?? (code < 0x20 || (ensureAscii && code >= 0x80) ? `\\u${code.toString(16).padStart(4, '0')}` : char)
  }
  return `${out}"`
}

/** float.__repr__: the shortest digits that read back, in exponent form below 1e-4 or from 1e16. */
export function pythonFloat(value: number): string {
  if (Number.isNaN(value)) return 'NaN'
  if (!Number.isFinite(value)) return value > 0 ? 'Infinity' : '-Infinity'
  const sign = value < 0 || Object.is(value, -0) ? '-' : ''
  const [mantissa = '0', exponentText = '0'] = Math.abs(value).toExponential().split('e')
  const digits = mantissa.replace('.', '')
  const exponent = Number(exponentText)
  if (exponent < -4 || exponent >= 16) {
    const rest = digits.slice(1)
    return `${sign}${digits[0]}${rest ? `.${rest}` : ''}e${exponent < 0 ? '-' : '+'}${String(Math.abs(exponent)).padStart(2, '0')}`
  }
  if (exponent < 0) return `${sign}0.${'0'.repeat(-exponent - 1)}${digits}`
  return `${sign}${digits.slice(0, exponent + 1).padEnd(exponent + 1, '0')}.${digits.slice(exponent + 1) || '0'}`
}

/** str(value) as Python prints it: a str as itself, anything else as repr(). */
export function pyStr(value: unknown): string {
  return typeof value === 'string' ? value : pyRepr(value)
}

/** repr(value) of the JSON values Python servers hold. */
export function pyRepr(value: unknown): string {
  if (value === null || value === undefined) return 'None'
  if (value instanceof PyFloat) return pythonFloat(value.value)
  switch (typeof value) {
    case 'boolean':
      return value ? 'True' : 'False'
    case 'number':
      return Number.isInteger(value) ? value.toFixed(0) : pythonFloat(value)
    case 'bigint':
      return value.toString()
    case 'string': {
      const quote = value.includes("'") && !value.includes('"') ? '"' : "'"
      const escaped = value.replace(/[\\\n\r\t]/g, (char) => ({ '\\': '\\\\', '\n': '\\n', '\r': '\\r', '\t': '\\t' })[char] ?? char)
      return `${quote}${quote === "'" ? escaped.replaceAll("'", "\\'") : escaped}${quote}`
    }
    case 'object':
      if (Array.isArray(value)) return `[${value.map(pyRepr).join(', ')}]`
      return `{${Object.entries(value)
        .map(([key, item]) => `${pyRepr(key)}: ${pyRepr(item)}`)
        .join(', ')}}`
    default:
      return String(value)
  }
}
