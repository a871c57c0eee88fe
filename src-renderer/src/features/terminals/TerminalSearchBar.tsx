import { useEffect, useRef, useState } from 'react'
import { terminalRegistry } from './terminal-registry'
import { searchDecorations } from './terminal-theme'
import { useTerminalsStore } from './terminals-store'

interface Results {
  readonly index: number
  readonly count: number
}

/** Ctrl+Shift+F: find in the scrollback. Enter / Shift+Enter step through matches, Escape closes. */
export function TerminalSearchBar({ terminalId }: { readonly terminalId: string }) {
  const searchRequest = useTerminalsStore((store) => store.searchRequest)
  const title = useTerminalsStore((store) => store.tabs[terminalId]?.title ?? terminalId)
  const [query, setQuery] = useState('')
  const [caseSensitive, setCaseSensitive] = useState(false)
  const [results, setResults] = useState<Results | null>(null)
  const input = useRef<HTMLInputElement>(null)

  useEffect(() => {
    input.current?.focus()
    input.current?.select()
  }, [searchRequest])

  useEffect(() => {
    const entry = terminalRegistry.get(terminalId)
    if (!entry) return
    const subscription = entry.search.onDidChangeResults(({ resultIndex, resultCount }) => setResults({ index: resultIndex, count: resultCount }))
    return () => subscription.dispose()
  }, [terminalId])

  const find = (term: string, backwards: boolean, options: { incremental?: boolean; caseSensitive?: boolean } = {}) => {
    const search = terminalRegistry.get(terminalId)?.search
    if (!search) return
    if (!term) {
      search.clearDecorations()
      setResults(null)
      return
    }
    const searchOptions = {
      caseSensitive: options.caseSensitive ?? caseSensitive,
      incremental: options.incremental ?? false,
      decorations: searchDecorations(terminalRegistry.theme())
    }
    if (backwards) search.findPrevious(term, searchOptions)
    else search.findNext(term, searchOptions)
  }

  const close = () => useTerminalsStore.getState().closeSearch()

  return (
    <form role="search" aria-label={`Search in ${title}`} className="terminal-search" onSubmit={(event) => event.preventDefault()}>
      <input
        ref={input}
        type="text"
        aria-label="Find in terminal"
        placeholder="Find"
        value={query}
        onChange={(event) => {
          setQuery(event.target.value)
          find(event.target.value, false, { incremental: true })
        }}
        onKeyDown={(event) => {
          if (event.key === 'Enter' || event.key === 'F3') find(query, event.shiftKey)
          else if (event.key === 'Escape') close()
          else return
          event.preventDefault()
        }}
      />
      <span className="terminal-search-count" aria-live="polite">
        {describe(query, results)}
      </span>
      <button
        type="button"
        className="icon-button"
        aria-pressed={caseSensitive}
        aria-label="Match case"
        title="Match case"
        onClick={() => {
          setCaseSensitive(!caseSensitive)
          find(query, false, { incremental: true, caseSensitive: !caseSensitive })
        }}
      >
        Aa
      </button>
      <button type="button" className="icon-button" aria-label="Previous match" title="Previous match (Shift+Enter)" onClick={() => find(query, true)}>
        ↑
      </button>
      <button type="button" className="icon-button" aria-label="Next match" title="Next match (Enter)" onClick={() => find(query, false)}>
        ↓
      </button>
      <button type="button" className="icon-button" aria-label="Close search" title="Close (Escape)" onClick={close}>
        ×
      </button>
    </form>
  )
}

function describe(query: string, results: Results | null): string {
  if (!query || !results) return ''
  if (results.count === 0) return 'No matches'
  if (results.index < 0) return `${results.count}+ matches`
  return `${results.index + 1} of ${results.count}`
}
