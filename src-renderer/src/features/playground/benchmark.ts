import type { AnswerStats, AnswerStatus } from '../../../../src-shared/ollama'

/** One run of the benchmark prompt in one column. */
export interface BenchmarkRun {
  readonly column: number
  readonly model: string
  readonly endpointName: string
  readonly status: AnswerStatus
  readonly stats: AnswerStats | null
}

export interface BenchmarkRow {
  readonly column: number
  readonly model: string
  readonly endpointName: string
  /** "tinyllama@Pi LLM › Ollama": what the chart's bars are named. */
  readonly label: string
  /** Runs that completed with figures; only these are measured. */
  readonly runs: number
  /** Runs the user stopped: not measured, and not the model's failure either. */
  readonly stopped: number
  readonly failed: number
  readonly meanTokensPerSecond: number | null
  readonly minTokensPerSecond: number | null
  readonly maxTokensPerSecond: number | null
  readonly meanTimeToFirstTokenMs: number | null
}

function mean(values: readonly number[]): number | null {
  return values.length === 0 ? null : values.reduce((sum, value) => sum + value, 0) / values.length
}

/** Per column, in column order: mean/min/max tokens/s and mean time to first token over the runs that completed. */
export function aggregateBenchmark(runs: readonly BenchmarkRun[]): BenchmarkRow[] {
  const byColumn = new Map<number, BenchmarkRun[]>()
  for (const run of runs) byColumn.set(run.column, [...(byColumn.get(run.column) ?? []), run])
  return [...byColumn.entries()]
    .sort(([a], [b]) => a - b)
    .map(([column, columnRuns]) => {
      const first = columnRuns[0]!
      const measured = columnRuns.filter((run) => run.status === 'complete' && run.stats?.tokensPerSecond != null)
      const stopped = columnRuns.filter((run) => run.status === 'stopped').length
      const speeds = measured.map((run) => run.stats!.tokensPerSecond!)
      const firstTokens = measured.flatMap((run) => (run.stats?.timeToFirstTokenMs != null ? [run.stats.timeToFirstTokenMs] : []))
      return {
        column,
        model: first.model,
        endpointName: first.endpointName,
        label: `${first.model}@${first.endpointName}`,
        runs: measured.length,
        stopped,
        failed: columnRuns.length - measured.length - stopped,
        meanTokensPerSecond: mean(speeds),
        minTokensPerSecond: speeds.length === 0 ? null : Math.min(...speeds),
        maxTokensPerSecond: speeds.length === 0 ? null : Math.max(...speeds),
        meanTimeToFirstTokenMs: mean(firstTokens)
      }
    })
}

export const minBenchmarkRuns = 1
export const maxBenchmarkRuns = 20

export function clampRuns(value: number): number {
  return Number.isFinite(value) ? Math.min(maxBenchmarkRuns, Math.max(minBenchmarkRuns, Math.round(value))) : minBenchmarkRuns
}
