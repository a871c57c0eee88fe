/**
 * A parser of the Prometheus text exposition format (what node_exporter's /metrics answers):
 *
 *   # HELP node_load1 1m load average.
 *   # TYPE node_load1 gauge
 *   node_load1 0.12
 *   node_filesystem_size_bytes{device="/dev/vda",fstype="ext4",mountpoint="/"} 2.7e+11 1700000000000
 *
 * Built for polling many nodes: one pass over the text with indexOf and char codes, objects only
 * for the families asked for, and a bad line is skipped rather than thrown.
 */

export interface ExpositionSample {
  readonly name: string
  readonly labels: Readonly<Record<string, string>>
  readonly value: number
}

export interface Exposition {
  /** Samples of the wanted families, in the order of the text. */
  readonly samples: readonly ExpositionSample[]
  /** Well-formed sample lines, wanted or not: zero means the text is no exposition at all. */
  readonly sampleLines: number
  /** Lines that are neither blank, comments nor samples. */
  readonly garbageLines: number
}

const noLabels: Readonly<Record<string, string>> = Object.freeze(Object.create(null) as Record<string, string>)

const tab = 9
const space = 32
const carriageReturn = 13
const quote = 34
const hash = 35
const comma = 44
const equals = 61
const backslash = 92
const openBrace = 123
const closeBrace = 125

/** Parses `text`, keeping only the families named in `wanted` (every family when it is omitted). */
export function parseExposition(text: string, wanted?: ReadonlySet<string>): Exposition {
  const samples: ExpositionSample[] = []
  let sampleLines = 0
  let garbageLines = 0
  for (let start = 0; start < text.length; ) {
    let end = text.indexOf('\n', start)
    if (end === -1) end = text.length
    const outcome = parseLine(text, start, end, wanted, samples)
    if (outcome === lineIsSample) sampleLines++
    else if (outcome === lineIsGarbage) garbageLines++
    start = end + 1
  }
  return { samples, sampleLines, garbageLines }
}

/**
 * A sample value as Go's strconv.ParseFloat reads it, which both the exposition format and the
 * query API use: decimals, exponents, NaN and ±Inf in any case. Undefined when it is none of them.
 */
export function parseSampleValue(token: string): number | undefined {
  if (token === '') return undefined
  const value = Number(token)
  if (!Number.isNaN(value)) return value
  switch (token.toLowerCase()) {
    case 'nan':
      return NaN
    case 'inf':
    case '+inf':
    case '+infinity':
      return Infinity
    case '-inf':
    case '-infinity':
      return -Infinity
    default:
      return undefined
  }
}

const lineIsBlank = 0
const lineIsSample = 1
const lineIsGarbage = 2
type LineOutcome = typeof lineIsBlank | typeof lineIsSample | typeof lineIsGarbage

function parseLine(text: string, start: number, end: number, wanted: ReadonlySet<string> | undefined, samples: ExpositionSample[]): LineOutcome {
  if (end > start && text.charCodeAt(end - 1) === carriageReturn) end--
  let at = skipBlanks(text, start, end)
  if (at === end || text.charCodeAt(at) === hash) return lineIsBlank

  const nameStart = at
  if (!isNameStart(text.charCodeAt(at))) return lineIsGarbage
  while (at < end && isNameChar(text.charCodeAt(at))) at++
  const name = text.slice(nameStart, at)
  if (at < end && !isBlank(text.charCodeAt(at)) && text.charCodeAt(at) !== openBrace) return lineIsGarbage
  // The format allows blanks between the name and its labels.
  at = skipBlanks(text, at, end)
  const keep = wanted === undefined || wanted.has(name)
  // Unwanted lines are still checked, without building their labels, so prose does not count as samples.
  const hasLabels = at < end && text.charCodeAt(at) === openBrace
  const labels = keep && hasLabels ? (Object.create(null) as Record<string, string>) : undefined
  if (hasLabels) {
    at = readLabels(text, at + 1, end, labels)
    if (at < 0) return lineIsGarbage
  }
  const value = readValue(text, at, end)
  if (value === undefined) return lineIsGarbage
  if (keep) samples.push({ name, labels: labels ?? noLabels, value })
  return lineIsSample
}

/**
 * Reads `a="x",b="y"}` from just after the brace into `labels` (when given) and returns the
 * index after the closing brace, or -1 when it is malformed.
 */
function readLabels(text: string, from: number, end: number, labels: Record<string, string> | undefined): number {
  let at = from
  for (;;) {
    at = skipBlanks(text, at, end)
    if (at >= end) return -1
    if (text.charCodeAt(at) === closeBrace) return at + 1

    const nameStart = at
    if (!isNameStart(text.charCodeAt(at))) return -1
    while (at < end && isNameChar(text.charCodeAt(at))) at++
    const nameEnd = at
    at = skipBlanks(text, at, end)
    if (at >= end || text.charCodeAt(at) !== equals) return -1
    at = skipBlanks(text, at + 1, end)
    if (at >= end || text.charCodeAt(at) !== quote) return -1

    const valueEnd = closingQuote(text, at + 1, end)
    if (valueEnd < 0) return -1
    if (labels !== undefined) labels[text.slice(nameStart, nameEnd)] = unescapeLabelValue(text.slice(at + 1, valueEnd))
    at = skipBlanks(text, valueEnd + 1, end)
    if (at >= end) return -1
    const next = text.charCodeAt(at)
    if (next === comma) at++
    else if (next !== closeBrace) return -1
  }
}

/** The index of the quote that ends a label value starting at `from`, or -1. */
function closingQuote(text: string, from: number, end: number): number {
  for (let at = from; at < end; at++) {
    const code = text.charCodeAt(at)
    if (code === quote) return at
    if (code === backslash) at++
  }
  return -1
}

/** Undoes `\\`, `\"` and `\n`; any other backslash stays as written. */
function unescapeLabelValue(raw: string): string {
  if (!raw.includes('\\')) return raw
  return raw.replace(/\\(.)/gs, (escape, escaped: string) => (escaped === 'n' ? '\n' : escaped === '\\' || escaped === '"' ? escaped : escape))
}

/** ` value [timestamp]` up to the end of the line. */
function readValue(text: string, from: number, end: number): number | undefined {
  let at = skipBlanks(text, from, end)
  const valueStart = at
  while (at < end && !isBlank(text.charCodeAt(at))) at++
  const value = parseSampleValue(text.slice(valueStart, at))
  if (value === undefined) return undefined
  at = skipBlanks(text, at, end)
  if (at === end) return value
  // The optional timestamp (ms since the epoch) is checked, then ignored: we sample "now".
  const timestampStart = at
  while (at < end && !isBlank(text.charCodeAt(at))) at++
  if (!Number.isInteger(Number(text.slice(timestampStart, at)))) return undefined
  return skipBlanks(text, at, end) === end ? value : undefined
}

function skipBlanks(text: string, at: number, end: number): number {
  while (at < end && isBlank(text.charCodeAt(at))) at++
  return at
}

function isBlank(code: number): boolean {
  return code === space || code === tab
}

function isNameStart(code: number): boolean {
  return (code >= 97 && code <= 122) || (code >= 65 && code <= 90) || code === 95 || code === 58
}

function isNameChar(code: number): boolean {
  return isNameStart(code) || (code >= 48 && code <= 57)
}
