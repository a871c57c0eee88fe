import type { ComponentProps } from 'react'
import type { ExtraProps } from 'react-markdown'
import { CopyButton } from './CopyButton'
import { codeLanguage, nodeText } from './markdown-blocks'

type TreeElement = NonNullable<ExtraProps['node']>

function codeElement(pre: TreeElement | undefined): TreeElement | undefined {
  return pre?.children.find((child): child is TreeElement => child.type === 'element' && child.tagName === 'code')
}

/** A fenced code block: its language on top, a "Copy" button, the highlighted code. */
export function CodeBlock({ node, children }: ComponentProps<'pre'> & ExtraProps) {
  const code = codeElement(node)
  const className = code?.properties.className
  const language = codeLanguage(Array.isArray(className) ? className.join(' ') : typeof className === 'string' ? className : undefined)
  return (
    <div className="code-block">
      <div className="code-block-header">
        <span className="code-language">{language ?? 'text'}</span>
        <CopyButton text={code ? nodeText(code) : ''} />
      </div>
      <pre>{children}</pre>
    </div>
  )
}
