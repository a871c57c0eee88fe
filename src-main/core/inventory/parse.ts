import { LineCounter, isMap, isNode, isScalar, parseDocument, type Document } from 'yaml'
import type { z } from 'zod'
import { Inventory } from '../../../src-shared/inventory'
import type { InventoryProblem } from '../../../src-shared/contract'

export type ParseResult =
  | { readonly ok: true; readonly inventory: Inventory }
  | { readonly ok: false; readonly problems: readonly InventoryProblem[] }

/**
 * Parses inventory YAML into a validated inventory, or into problems that each name the file,
 * line and column a user has to look at.
 */
export function parseInventory(text: string, file: string): ParseResult {
  const lineCounter = new LineCounter()
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true })
  const position = (offset: number | undefined) => {
    if (offset === undefined) return { line: null, column: null }
    const { line, col } = lineCounter.linePos(offset)
    return { line, column: col }
  }

  if (doc.errors.length > 0) {
    return {
      ok: false,
      problems: doc.errors.map((error) => ({
        file,
        ...position(error.pos[0]),
        path: null,
        message: firstLine(error.message)
      }))
    }
  }

  let data: unknown
  try {
    data = doc.toJS()
  } catch (error) {
    // yaml refuses alias bombs and similar abuse while building the value.
    return { ok: false, problems: [{ file, line: null, column: null, path: null, message: firstLine((error as Error).message) }] }
  }
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    return {
      ok: false,
      problems: [{ file, ...position(0), path: null, message: 'an inventory is a YAML mapping with name, nodes and links' }]
    }
  }
  const result = Inventory.safeParse(data, { reportInput: true })
  if (result.success) return { ok: true, inventory: result.data }
  return {
    ok: false,
    problems: result.error.issues.map((issue) => ({
      file,
      ...position(offsetOf(doc, issue)),
      path: issue.path.length > 0 ? issue.path.join('.') : null,
      message: describe(issue)
    }))
  }
}

/** The start of the deepest YAML node that exists along the issue's path (an unknown key: the key). */
function offsetOf(doc: Document, issue: z.core.$ZodIssue): number | undefined {
  const path = issue.path.map((key) => (typeof key === 'symbol' ? String(key) : key))
  for (let depth = path.length; depth >= 0; depth--) {
    const found: unknown = depth === 0 ? doc.contents : doc.getIn(path.slice(0, depth), true)
    if (depth === path.length && issue.code === 'unrecognized_keys' && isMap(found)) {
      const key = found.items.find((pair) => isScalar(pair.key) && pair.key.value === issue.keys[0])?.key
      if (isNode(key) && key.range) return key.range[0]
    }
    if (isNode(found) && found.range) return found.range[0]
  }
  return undefined
}

function describe(issue: z.core.$ZodIssue): string {
  if (issue.code === 'unrecognized_keys') {
    return `unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((key) => `"${key}"`).join(', ')}`
  }
  if (issue.code === 'invalid_type' && issue.input === undefined) {
    const field = issue.path.at(-1)
    return `"${String(field)}" is required (${issue.expected})`
  }
  return issue.message
}

function firstLine(message: string): string {
  return message.split('\n')[0] ?? message
}
