import type { CompareColumn } from './compare-store'
import { isColumnBusy, useCompareStore } from './compare-store'
import { AnswerBody } from './AnswerBody'
import { ModelPicker } from './ModelPicker'
import { useStreamsStore } from './streams-store'

interface CompareColumnViewProps {
  readonly column: CompareColumn
  readonly index: number
  readonly removable: boolean
}

/** One model@endpoint column: its pickers, its streaming answer with figures, its own Stop. */
export function CompareColumnView({ column, index, removable }: CompareColumnViewProps) {
  const name = `Column ${index + 1}`
  const answer = useStreamsStore((store) => (column.streamId === null ? undefined : store.streams[column.streamId]))
  const busy = useStreamsStore((store) => isColumnBusy(column, store.streams))
  const { choose, removeColumn, stop } = useCompareStore.getState()

  return (
    <section className="compare-column" aria-label={name} aria-busy={busy}>
      <header className="compare-column-header">
        <h3>{name}</h3>
        {busy && (
          <button type="button" onClick={() => stop(column.key)}>
            Stop
          </button>
        )}
        {removable && (
          <button type="button" className="link-button" aria-label={`Remove ${name.toLowerCase()}`} disabled={busy} onClick={() => removeColumn(column.key)}>
            Remove
          </button>
        )}
      </header>
      <ModelPicker choice={column.choice} disabled={busy} onChange={(choice) => choose(column.key, choice)} />
      {column.progress && (
        <p className="compare-progress" role="status">
          Run {Math.min(column.progress.done + 1, column.progress.total)} of {column.progress.total}
        </p>
      )}
      <div className="compare-answer">
        {column.requestError ? (
          <p className="answer-notice is-error">{column.requestError}</p>
        ) : answer ? (
          <AnswerBody answer={answer} endpointId={column.choice.endpointId} model={column.choice.model} />
        ) : column.starting || column.streamId !== null ? (
          <p className="muted">Waiting for the first token…</p>
        ) : (
          <p className="muted">The answer appears here.</p>
        )}
      </div>
    </section>
  )
}
