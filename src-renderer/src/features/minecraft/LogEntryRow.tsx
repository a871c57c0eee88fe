import { memo } from 'react'
import type { ConsoleEntry } from './console-entries'
import { FormattedText } from './FormattedText'

/** One console entry: a log line, a notice, or a command sent from here with its reply beneath it. */
export const LogEntryRow = memo(function LogEntryRow({ entry }: { readonly entry: ConsoleEntry }) {
  if (entry.kind === 'line') {
    return (
      <div className="mc-line">
        <FormattedText segments={entry.segments} />
      </div>
    )
  }
  if (entry.kind === 'notice') return <div className="mc-line mc-notice">{entry.text}</div>
  return (
    <div className={`mc-command is-${entry.status}`}>
      <div className="mc-command-line">
        <span className="mc-prompt" aria-hidden="true">
          ›
        </span>{' '}
        <span className="visually-hidden">Command: </span>
        {entry.command}
      </div>
      <div className="mc-reply">
        <span className="mc-reply-mark">{entry.status === 'failed' ? 'failed' : 'reply'}</span>
        <span className="visually-hidden"> to {entry.command}: </span>
        {entry.status === 'sending' ? (
          <span className="muted">waiting for the server…</span>
        ) : entry.status === 'failed' ? (
          <span className="mc-reply-error">{entry.error}</span>
        ) : entry.replyPlain === '' ? (
          <span className="muted">(the server answered with no text)</span>
        ) : (
          <span className="mc-reply-text">
            <FormattedText segments={entry.reply} />
          </span>
        )}
      </div>
    </div>
  )
})
