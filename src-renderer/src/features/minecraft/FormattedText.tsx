import type { CSSProperties } from 'react'
import type { Segment, TextStyle } from './text-style'

function className(style: TextStyle): string | undefined {
  const names = [
    style.color !== null && !style.color.startsWith('#') ? `mc-${style.color}` : null,
    style.bold ? 'mc-bold' : null,
    style.italic ? 'mc-italic' : null,
    style.underline ? 'mc-underline' : null,
    style.strike ? 'mc-strike' : null
  ].filter((name) => name !== null)
  return names.length > 0 ? names.join(' ') : undefined
}

function inlineStyle(style: TextStyle): CSSProperties | undefined {
  return style.color?.startsWith('#') ? { color: style.color } : undefined
}

/** Styled segments (from § codes, ANSI or a text component) as spans. */
export function FormattedText({ segments }: { readonly segments: readonly Segment[] }) {
  return segments.map((segment, index) => (
    <span key={index} className={className(segment.style)} style={inlineStyle(segment.style)}>
      {segment.text}
    </span>
  ))
}
