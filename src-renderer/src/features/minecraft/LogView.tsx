import { useMemo } from 'react'
import { filterEntries, type ConsoleEntry } from './console-entries'
import { LogEntryRow } from './LogEntryRow'
import { useFollowBottom } from './use-follow-bottom'

interface LogViewProps {
  readonly entries: readonly ConsoleEntry[]
  readonly filter: string
}

/** The scrolling console: follows new lines, pauses when scrolled up, offers a way back down. */
export function LogView({ entries, filter }: LogViewProps) {
  const shown = useMemo(() => filterEntries(entries, filter), [entries, filter])
  const { box, following, onScroll, jumpToLatest } = useFollowBottom(shown)

  return (
    <div className="mc-log-wrap">
      {/* Not live: a busy server would talk over everything; replies are announced on their own. */}
      <div ref={box} className="mc-log" role="log" aria-label="Server log" aria-live="off" tabIndex={0} onScroll={onScroll}>
        {shown.map((entry) => (
          <LogEntryRow key={entry.id} entry={entry} />
        ))}
        {shown.length === 0 && <p className="mc-log-empty muted">{filter.trim() === '' ? 'No lines yet.' : `No line matches “${filter.trim()}”.`}</p>}
      </div>
      {!following && (
        <button
          type="button"
          className="mc-jump"
          onClick={() => {
            jumpToLatest()
            box.current?.focus()
          }}
        >
          Jump to latest <span aria-hidden="true">↓</span>
        </button>
      )}
    </div>
  )
}
