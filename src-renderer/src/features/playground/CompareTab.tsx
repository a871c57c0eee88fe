import { useId, useState, type KeyboardEvent } from 'react'
import { maxBenchmarkRuns, minBenchmarkRuns } from './benchmark'
import { BenchmarkResults } from './BenchmarkResults'
import { CompareColumnView } from './CompareColumnView'
import { isColumnBusy, useCompareStore } from './compare-store'
import { compareDraftKey } from './drafts'
import { useDraftsStore } from './drafts-store'
import { PromptLibrary } from './PromptLibrary'
import { maxColumns } from './remembered'
import { SystemPrompt } from './SystemPrompt'
import { useStreamsStore } from './streams-store'

/** One prompt to up to four model@endpoint columns side by side, once ("Run") or N times ("Benchmark"). */
export function CompareTab() {
  const id = useId()
  const columns = useCompareStore((store) => store.columns)
  const runs = useCompareStore((store) => store.runs)
  const problem = useCompareStore((store) => store.problem)
  const benchmarking = useCompareStore((store) => store.benchmarking)
  const busy = useStreamsStore((store) => benchmarking || columns.some((column) => isColumnBusy(column, store.streams)))
  const prompt = useDraftsStore((store) => store.drafts[compareDraftKey]?.message ?? '')
  const { addColumn, run, benchmark, setRuns } = useCompareStore.getState()
  // The field holds what is typed ("" on the way from 5 to 12); the store only valid counts.
  const [runsText, setRunsText] = useState(String(runs))

  const onPromptKey = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey) && !busy) {
      event.preventDefault()
      void run()
    }
  }

  return (
    <div className="compare-tab">
      <div className="compare-top">
        <div className="compare-prompt">
          <div className="field">
            <label htmlFor={`${id}-prompt`}>Prompt</label>
            <textarea
              id={`${id}-prompt`}
              rows={4}
              value={prompt}
              placeholder="The same prompt goes to every column. Ctrl+Enter runs it."
              onChange={(event) => useDraftsStore.getState().update(compareDraftKey, { message: event.target.value })}
              onKeyDown={onPromptKey}
            />
          </div>
          <SystemPrompt draftKey={compareDraftKey} stored="" />
          <div className="compare-actions">
            <button type="button" className="primary" disabled={busy} onClick={() => void run()}>
              Run
            </button>
            <div className="field compare-runs">
              <label htmlFor={`${id}-runs`}>Runs</label>
              <input
                id={`${id}-runs`}
                type="number"
                min={minBenchmarkRuns}
                max={maxBenchmarkRuns}
                value={runsText}
                disabled={busy}
                onChange={(event) => {
                  setRunsText(event.target.value)
                  if (event.target.value.trim() !== '') setRuns(Number(event.target.value))
                }}
                onBlur={() => setRunsText(String(useCompareStore.getState().runs))}
              />
            </div>
            <button type="button" disabled={busy} onClick={() => void benchmark()}>
              Benchmark
            </button>
            <button type="button" disabled={busy || columns.length >= maxColumns} onClick={addColumn}>
              Add column
            </button>
          </div>
          {problem && (
            <p className="field-problem" role="alert">
              {problem}
            </p>
          )}
        </div>
        <PromptLibrary />
      </div>
      <div className="compare-columns" style={{ gridTemplateColumns: `repeat(${columns.length}, minmax(0, 1fr))` }}>
        {columns.map((column, index) => (
          <CompareColumnView key={column.key} column={column} index={index} removable={columns.length > 1} />
        ))}
      </div>
      <BenchmarkResults />
    </div>
  )
}
