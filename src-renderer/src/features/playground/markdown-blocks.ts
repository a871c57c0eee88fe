const fenceOpen = /^\s*(`{3,}|~{3,})/
const fenceClose = /^\s*(`{3,}|~{3,})\s*$/

/**
 * Splits Markdown into its top-level blocks at blank lines outside code fences, so a streaming
 * answer re-renders only its last, growing block. A blank line followed by an indented line does
 * not split: that line continues the block (a list item's next paragraph, indented code).
 * Blocks already closed never change as text is appended, except by such a continuation.
 */
export function splitBlocks(text: string): string[] {
  const blocks: string[] = []
  let current: string[] = []
  let blanks: string[] = []
  /** The opening fence's run of ` or ~ while inside a fenced code block. */
  let fence: string | null = null

  for (const line of text.split('\n')) {
    if (fence !== null) {
      current.push(line)
      const closing = fenceClose.exec(line)?.[1]
      if (closing !== undefined && closing[0] === fence[0] && closing.length >= fence.length) fence = null
      continue
    }
    if (line.trim() === '') {
      if (current.length > 0) blanks.push(line)
      continue
    }
    if (blanks.length > 0) {
      if (/^[ \t]/.test(line)) current.push(...blanks)
      else {
        blocks.push(current.join('\n'))
        current = []
      }
      blanks = []
    }
    fence = fenceOpen.exec(line)?.[1] ?? null
    current.push(line)
  }
  if (current.length > 0) blocks.push(current.join('\n'))
  return blocks
}

/** "language-ts" (with rehype-highlight's "hljs" beside it) → "ts". */
export function codeLanguage(className: string | undefined): string | null {
  return /(?:^|\s)language-([^\s]+)/.exec(className ?? '')?.[1] ?? null
}

/** The shape of a syntax-tree node as react-markdown hands it to components. */
interface TreeNode {
  readonly type: string
  readonly value?: string
  readonly children?: readonly TreeNode[]
}

/** The plain text under a node: what "Copy" puts on the clipboard, without the highlighting's markup. */
export function nodeText(node: TreeNode): string {
  if (node.type === 'text') return node.value ?? ''
  return (node.children ?? []).map(nodeText).join('')
}
