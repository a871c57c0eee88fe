import { isDeepStrictEqual } from 'node:util'
import { isMap, isNode, isSeq, parseDocument, stringify, type Document, type YAMLSeq } from 'yaml'
import type { z } from 'zod'
import { Node, type Inventory } from '../../../src-shared/inventory'

/** A node as it may be written in the file, before the schema fills in its defaults. */
export type NodeInput = z.input<typeof Node>

/**
 * Appends nodes to the `nodes` list of inventory YAML. The new nodes are written into the text
 * after the last node, so every byte of the existing file stays as it was; when the list's
 * layout does not allow that, the document is edited and printed again, keeping its comments.
 */
export function addNodesToYaml(text: string, nodes: readonly NodeInput[]): string {
  const doc = parseDocument(text)
  const [error] = doc.errors
  if (error) throw new Error(`the inventory is not valid YAML: ${error.message.split('\n')[0]}`)
  if (doc.contents !== null && !isMap(doc.contents)) throw new Error('the inventory is not a YAML mapping with name, nodes and links')
  const additions = nodes.map(minimalNode)
  const list = doc.get('nodes', true)
  if (list !== undefined && !isSeq(list)) throw new Error('"nodes" in the inventory is not a list; add the hosts by hand')
  const before = (doc.toJS() ?? {}) as { nodes?: unknown[] }
  const expected = { ...before, nodes: [...(before.nodes ?? []), ...additions] }
  const spliced = isSeq(list) ? splicedText(text, list, additions) : undefined
  if (spliced !== undefined && isDeepStrictEqual(parseDocument(spliced).toJS(), expected)) return spliced
  return editedDocument(doc, additions)
}

/** A new inventory file: the base inventory (e.g. "This PC") with the nodes after its own. */
export function inventoryTextWithNodes(base: Inventory, nodes: readonly NodeInput[]): string {
  const { links, ...rest } = base
  return stringify({
    ...rest,
    nodes: [...base.nodes, ...nodes].map(minimalNode),
    ...(links.length > 0 ? { links } : {})
  })
}

function splicedText(text: string, list: YAMLSeq, additions: readonly object[]): string | undefined {
  const last = list.items.at(-1)
  if (list.flow || !list.range || !isNode(last) || !last.range) return undefined
  const lineStart = text.lastIndexOf('\n', list.range[0] - 1) + 1
  const indent = text.slice(lineStart, list.range[0])
  if (!/^ *$/.test(indent)) return undefined
  // New nodes look like the last one: a one-line { … } map or a block.
  const block =
    isMap(last) && last.flow
      ? additions.map((node) => `- ${stringify(node, { collectionStyle: 'flow', lineWidth: 0 }).trimEnd()}`).join('\n')
      : stringify(additions).trimEnd()
  const eol = text.includes('\r\n') ? '\r\n' : '\n'
  const added = block.split('\n').map((line) => indent + line)
  const at = insertionPoint(text, last.range[1], indent.length)
  const head = text.slice(0, at)
  return `${head}${head === '' || head.endsWith('\n') ? '' : eol}${added.join(eol)}${eol}${text.slice(at)}`
}

/** The start of the line after the last node and the comments indented under it. */
function insertionPoint(text: string, valueEnd: number, seqIndent: number): number {
  let at = text[valueEnd - 1] === '\n' ? valueEnd : nextLine(text, valueEnd)
  while (at < text.length) {
    const line = text.slice(at, nextLine(text, at))
    const depth = /^( *)#/.exec(line)?.[1]?.length
    if (depth === undefined || depth <= seqIndent) break
    at = nextLine(text, at)
  }
  return at
}

function nextLine(text: string, from: number): number {
  const end = text.indexOf('\n', from)
  return end === -1 ? text.length : end + 1
}

function editedDocument(doc: Document, additions: readonly object[]): string {
  const list = doc.get('nodes', true)
  if (isSeq(list)) for (const node of additions) list.add(doc.createNode(node))
  else doc.set('nodes', doc.createNode(additions))
  return doc.toString()
}

/** The node with every field left out that the schema would fill in with the same value. */
function minimalNode(input: NodeInput): object {
  const parsed = Node.safeParse(input)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]
    throw new Error(`node "${String(input.id)}" is invalid: ${issue?.path.join('.')} ${issue?.message}`)
  }
  const draft: Record<string, unknown> = structuredClone(parsed.data)
  const same = () => {
    const again = Node.safeParse(draft)
    return again.success && isDeepStrictEqual(again.data, parsed.data)
  }
  dropDefaults(draft, same)
  return draft
}

/** Removes each field, deepest first, whose absence leaves the parsed value unchanged. */
function dropDefaults(value: unknown, same: () => boolean): void {
  if (Array.isArray(value)) {
    for (const item of value) dropDefaults(item, same)
    return
  }
  if (value === null || typeof value !== 'object') return
  const record = value as Record<string, unknown>
  for (const key of Object.keys(record)) {
    const kept = record[key]
    dropDefaults(kept, same)
    delete record[key]
    if (!same()) record[key] = kept
  }
}
