import { useMemo } from 'react'
import { splitBlocks } from './markdown-blocks'
import { MarkdownBlock } from './MarkdownBlock'

/**
 * An answer rendered as Markdown, block by block: while it streams only its last, growing block
 * is parsed and rendered again, whatever its length.
 */
export function Markdown({ text }: { readonly text: string }) {
  const blocks = useMemo(() => splitBlocks(text), [text])
  return (
    <div className="markdown">
      {blocks.map((block, index) => (
        // Blocks are only ever appended: the index is the block's identity.
        <MarkdownBlock key={index} text={block} />
      ))}
    </div>
  )
}
