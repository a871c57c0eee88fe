import { renderToStaticMarkup } from 'react-dom/server'
import { describe, expect, it } from 'vitest'
import { Markdown } from './Markdown'

describe('Markdown', () => {
  it('shows raw HTML of an answer as text, never as markup', () => {
    const html = renderToStaticMarkup(<Markdown text={'Hello <img src=x onerror="alert(1)"> there\n\n<script>alert(2)</script>'} />)
    expect(html).not.toContain('<img')
    expect(html).not.toContain('<script')
    expect(html).toContain('&lt;script&gt;')
  })

  it('labels a fenced code block with its language, highlights it and offers Copy', () => {
    const html = renderToStaticMarkup(<Markdown text={'Try:\n\n```python\nprint("hi")\n```'} />)
    expect(html).toContain('<span class="code-language">python</span>')
    expect(html).toContain('>Copy</button>')
    expect(html).toContain('hljs-built_in')
  })

  it('renders GitHub tables and task lists, and drops a javascript: link', () => {
    const html = renderToStaticMarkup(<Markdown text={'| a | b |\n|---|---|\n| 1 | 2 |\n\n- [x] done\n\n[click](javascript:alert(1))'} />)
    expect(html).toContain('<table>')
    expect(html).toContain('type="checkbox"')
    expect(html).not.toContain('javascript:')
  })
})
