import { memo } from 'react'
import ReactMarkdown, { type Components } from 'react-markdown'
import rehypeHighlight from 'rehype-highlight'
import remarkGfm from 'remark-gfm'
import { ExternalLink } from '../../components/ExternalLink'
import { CodeBlock } from './CodeBlock'
import { highlightLanguages } from './highlight-languages'

const remarkPlugins = [remarkGfm]
/**
 * react-markdown builds its processor on every render, and rehype-highlight registers all its
 * grammars each time it is attached: attach one transformer, made once (`prepareMarkdown`).
 * Only code that names its language is highlighted (guessing runs every grammar on every block).
 */
let highlight: ReturnType<typeof rehypeHighlight> | undefined
const highlighter = () => (highlight ??= rehypeHighlight({ detect: false, languages: highlightLanguages }))
const rehypePlugins = [highlighter]

/** Registers the grammars ahead of the first answer, so that answer's first frame does not pay for it. */
export function prepareMarkdown(): void {
  highlighter()
}

/**
 * Raw HTML in an answer shows as text (react-markdown never renders it); links leave through the
 * core's check; images become links, since the page loads nothing from other hosts.
 */
const components: Components = {
  a: ({ href, children }) => (href ? <ExternalLink href={href}>{children}</ExternalLink> : <>{children}</>),
  img: ({ src, alt }) =>
    typeof src === 'string' && src !== '' ? <ExternalLink href={src}>{alt || src}</ExternalLink> : <>{alt}</>,
  pre: CodeBlock
}

/** One top-level block of an answer; memoised, so a finished block never renders again while the answer grows. */
export const MarkdownBlock = memo(function MarkdownBlock({ text }: { readonly text: string }) {
  return (
    <ReactMarkdown remarkPlugins={remarkPlugins} rehypePlugins={rehypePlugins} components={components}>
      {text}
    </ReactMarkdown>
  )
})
