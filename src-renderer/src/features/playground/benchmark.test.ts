import { describe, expect, it } from 'vitest'
import { aggregateBenchmark, clampRuns, type BenchmarkRun } from './benchmark'

const stats = (tokensPerSecond: number | null, timeToFirstTokenMs: number | null) => ({
  timeToFirstTokenMs,
  tokensPerSecond,
  promptTokens: 10,
  outputTokens: 64,
  totalMs: 1000,
  loadMs: null
})
const run = (column: number, tokensPerSecond: number | null, timeToFirstTokenMs: number | null, status: BenchmarkRun['status'] = 'complete'): BenchmarkRun => ({
  column,
  model: column === 0 ? 'tinyllama' : 'llama3.1:8b',
  endpointName: column === 0 ? 'Pi LLM › Ollama' : 'GPU PC › Ollama',
  status,
  stats: stats(tokensPerSecond, timeToFirstTokenMs)
})

describe('aggregateBenchmark', () => {
  it('gives mean, min and max tokens/s and the mean time to first token per column, in column order', () => {
    const rows = aggregateBenchmark([run(1, 90, 40), run(0, 10, 300), run(0, 14, 200), run(1, 110, 60), run(0, 12, 100)])
    expect(rows).toEqual([
      {
        column: 0,
        model: 'tinyllama',
        endpointName: 'Pi LLM › Ollama',
        label: 'tinyllama@Pi LLM › Ollama',
        runs: 3,
        stopped: 0,
        failed: 0,
        meanTokensPerSecond: 12,
        minTokensPerSecond: 10,
        maxTokensPerSecond: 14,
        meanTimeToFirstTokenMs: 200
      },
      expect.objectContaining({ column: 1, runs: 2, meanTokensPerSecond: 100, minTokensPerSecond: 90, maxTokensPerSecond: 110, meanTimeToFirstTokenMs: 50 })
    ])
  })

  it('measures only the runs that completed, and counts the ones stopped apart from the ones that failed', () => {
    const rows = aggregateBenchmark([run(0, 20, 100), run(0, 5, 900, 'stopped'), run(0, null, null, 'error'), run(0, 30, null), run(0, 8, 50, 'interrupted')])
    expect(rows[0]).toMatchObject({ runs: 2, stopped: 1, failed: 2, meanTokensPerSecond: 25, minTokensPerSecond: 20, maxTokensPerSecond: 30, meanTimeToFirstTokenMs: 100 })
  })

  it('has no figures for a column whose runs all failed', () => {
    expect(aggregateBenchmark([run(2, null, null, 'error')])[0]).toMatchObject({
      runs: 0,
      failed: 1,
      meanTokensPerSecond: null,
      minTokensPerSecond: null,
      maxTokensPerSecond: null,
      meanTimeToFirstTokenMs: null
    })
    expect(aggregateBenchmark([])).toEqual([])
  })
})

describe('clampRuns', () => {
  it('keeps the runs count between 1 and 20', () => {
    expect([0, 1, 7.4, 20, 99, Number.NaN].map(clampRuns)).toEqual([1, 1, 7, 20, 20, 1])
  })
})
