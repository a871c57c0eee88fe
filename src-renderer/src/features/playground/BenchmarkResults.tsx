import { useDeferredValue, useMemo } from 'react'
import { formatMs } from '../health/format'
import { aggregateBenchmark } from './benchmark'
import { BenchmarkChart } from './BenchmarkChart'
import { useCompareStore } from './compare-store'

const speed = (value: number | null) => (value === null ? '—' : value.toFixed(1))

/** The benchmark's table (per column: runs, mean/min/max tokens/s, mean time to first token) and its chart. */
export function BenchmarkResults() {
  const runs = useCompareStore((store) => store.benchmarkRuns)
  const benchmarking = useCompareStore((store) => store.benchmarking)
  const rows = useMemo(() => aggregateBenchmark(runs), [runs])
  // The chart's first render is the tab's heaviest: a deferred render yields to frames as it goes.
  const chartWanted = useDeferredValue(!benchmarking, false)
  if (rows.length === 0 && !benchmarking) return null
  return (
    <section className="benchmark-results" aria-labelledby="benchmark-results-title">
      <h3 id="benchmark-results-title">Benchmark results</h3>
      {benchmarking && (
        <p className="muted" role="status">
          Benchmark running: {runs.length} runs done.
        </p>
      )}
      <table className="playground-table">
        <caption className="visually-hidden">Benchmark results per column</caption>
        <thead>
          <tr>
            <th scope="col">Model</th>
            <th scope="col">Endpoint</th>
            <th scope="col">Runs</th>
            <th scope="col">Mean tokens/s</th>
            <th scope="col">Min tokens/s</th>
            <th scope="col">Max tokens/s</th>
            <th scope="col">Mean first token</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.column}>
              <th scope="row">{row.model}</th>
              <td>{row.endpointName}</td>
              <td>
                {row.runs}
                {row.stopped > 0 && <span className="muted"> ({row.stopped} stopped)</span>}
                {row.failed > 0 && <span className="muted"> ({row.failed} failed)</span>}
              </td>
              <td className="number">{speed(row.meanTokensPerSecond)}</td>
              <td className="number">{speed(row.minTokensPerSecond)}</td>
              <td className="number">{speed(row.maxTokensPerSecond)}</td>
              <td className="number">{row.meanTimeToFirstTokenMs === null ? '—' : formatMs(row.meanTimeToFirstTokenMs)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {chartWanted && !benchmarking && <BenchmarkChart rows={rows} />}
    </section>
  )
}
