import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { StreamEnd } from '../../../../src-shared/ollama'
import { setApi } from '../../api/api'
import { RequestFailure } from '../../api/client'
import { fakeClient } from '../../testing/fake-client'
import { aggregateBenchmark } from './benchmark'
import { useCompareStore } from './compare-store'
import { useDraftsStore } from './drafts-store'
import { useEndpointsStore } from './endpoints-store'
import { useStreamsStore } from './streams-store'

const initial = useCompareStore.getState()
const flush = () => new Promise((resolve) => setTimeout(resolve, 0))
const speeds: Record<string, number[]> = { tinyllama: [10, 14, 12], 'llama3.1:8b': [90, 110, 100] }

/** A core whose answers end a moment after they start, each model at its own speed. */
function benchCore() {
  let streamCount = 0
  const perModel: Record<string, number> = {}
  const fake = fakeClient({
    'ollama.generate': (input) => {
      const { model } = input as { model: string }
      const streamId = `s${++streamCount}`
      const run = perModel[model] ?? 0
      perModel[model] = run + 1
      const end: StreamEnd = {
        streamId,
        status: 'complete',
        text: `answer ${run}`,
        error: null,
        errorKind: null,
        stats: { timeToFirstTokenMs: 100 + run, tokensPerSecond: speeds[model]![run]!, promptTokens: 5, outputTokens: 40, totalMs: 500, loadMs: null }
      }
      setTimeout(() => fake.emit('ollama.stream.end', end), 1)
      return { streamId }
    },
    'ollama.stop': () => ({})
  })
  return fake
}

beforeEach(() => {
  vi.stubGlobal('requestAnimationFrame', (callback: FrameRequestCallback) => setTimeout(() => callback(0), 0))
  useStreamsStore.setState({ streams: {}, ended: [] })
  useDraftsStore.setState({ drafts: { compare: { message: 'Write a haiku about Raspberry Pis', system: null } } })
  useEndpointsStore.setState({
    endpoints: [
      { id: 'pi-llm/ollama', name: 'Pi LLM › Ollama', url: 'http://127.0.1.5:11434', nodeId: 'pi-llm', adhoc: false },
      { id: 'gpu/ollama', name: 'GPU PC › Ollama', url: 'http://127.0.1.6:11434', nodeId: 'gpu', adhoc: false }
    ]
  })
  useCompareStore.setState(initial, true)
  const [first, second] = useCompareStore.getState().columns
  useCompareStore.getState().choose(first!.key, { endpointId: 'pi-llm/ollama', model: 'tinyllama' })
  useCompareStore.getState().choose(second!.key, { endpointId: 'gpu/ollama', model: 'llama3.1:8b' })
})
afterEach(() => vi.unstubAllGlobals())

describe('useCompareStore', () => {
  it('sends the prompt to every column at once, each with its own stream', async () => {
    const fake = benchCore()
    setApi(fake.client)
    await useCompareStore.getState().run()
    expect(fake.calls.map((call) => call.input)).toEqual([
      { endpointId: 'pi-llm/ollama', model: 'tinyllama', system: '', prompt: 'Write a haiku about Raspberry Pis', options: {} },
      { endpointId: 'gpu/ollama', model: 'llama3.1:8b', system: '', prompt: 'Write a haiku about Raspberry Pis', options: {} }
    ])
    expect(useCompareStore.getState().columns.map((column) => column.streamId)).toEqual(['s1', 's2'])
  })

  it('benchmarks: N runs per column, columns in parallel, runs in sequence, then aggregates them', async () => {
    const fake = benchCore()
    setApi(fake.client)
    const stop = useStreamsStore.getState().start()
    useCompareStore.getState().setRuns(3)
    await useCompareStore.getState().benchmark()
    // Both columns started their first run before either started a second.
    expect(fake.calls.slice(0, 2).map((call) => (call.input as { model: string }).model).sort()).toEqual(['llama3.1:8b', 'tinyllama'])
    const { benchmarkRuns, benchmarking, columns } = useCompareStore.getState()
    expect(benchmarking).toBe(false)
    expect(columns.every((column) => column.progress === null)).toBe(true)
    expect(benchmarkRuns).toHaveLength(6)
    const rows = aggregateBenchmark(benchmarkRuns)
    expect(rows.map(({ label, runs, meanTokensPerSecond, minTokensPerSecond, maxTokensPerSecond, meanTimeToFirstTokenMs }) => ({ label, runs, meanTokensPerSecond, minTokensPerSecond, maxTokensPerSecond, meanTimeToFirstTokenMs }))).toEqual([
      { label: 'tinyllama@Pi LLM › Ollama', runs: 3, meanTokensPerSecond: 12, minTokensPerSecond: 10, maxTokensPerSecond: 14, meanTimeToFirstTokenMs: 101 },
      { label: 'llama3.1:8b@GPU PC › Ollama', runs: 3, meanTokensPerSecond: 100, minTokensPerSecond: 90, maxTokensPerSecond: 110, meanTimeToFirstTokenMs: 101 }
    ])
    // Only the last run's answer is kept per column.
    expect(Object.keys(useStreamsStore.getState().streams).sort()).toEqual(columns.map((column) => column.streamId).sort())
    stop()
  })

  it('stops the remaining runs of a column the user stopped, the other column runs on', async () => {
    const fake = benchCore()
    setApi(fake.client)
    const stop = useStreamsStore.getState().start()
    useCompareStore.getState().setRuns(3)
    const done = useCompareStore.getState().benchmark()
    await flush()
    useCompareStore.getState().stop(useCompareStore.getState().columns[0]!.key)
    await done
    const rows = aggregateBenchmark(useCompareStore.getState().benchmarkRuns)
    expect(rows[0]!.runs).toBeLessThan(3)
    expect(rows[1]!.runs).toBe(3)
    stop()
  })

  it('stops an answer whose request was still on its way when Stop was pressed', async () => {
    const replies: ((reply: { streamId: string }) => void)[] = []
    const fake = fakeClient({
      'ollama.generate': () => new Promise((resolve) => replies.push(resolve)),
      'ollama.stop': () => ({})
    })
    setApi(fake.client)
    const ran = useCompareStore.getState().run()
    const [first] = useCompareStore.getState().columns
    expect(first!.starting).toBe(true)
    useCompareStore.getState().stop(first!.key)
    replies[0]!({ streamId: 's1' })
    replies[1]!({ streamId: 's2' })
    await ran
    await flush()
    expect(fake.calls.filter((call) => call.name === 'ollama.stop').map((call) => call.input)).toEqual([{ streamId: 's1' }])
  })

  it('shows a refused request in its column and records the run as failed', async () => {
    const fake = fakeClient({
      'ollama.generate': () => {
        throw new RequestFailure('ollama.generate', { code: 'bad-input', message: 'unknown endpoint gpu/ollama' })
      }
    })
    setApi(fake.client)
    await useCompareStore.getState().benchmark()
    expect(useCompareStore.getState().columns.map((column) => column.requestError)).toEqual(['unknown endpoint gpu/ollama', 'unknown endpoint gpu/ollama'])
    expect(aggregateBenchmark(useCompareStore.getState().benchmarkRuns).map((row) => [row.runs, row.failed])).toEqual([
      [0, 1],
      [0, 1]
    ])
  })

  it('says why nothing ran: no prompt, or one too long', async () => {
    const fake = benchCore()
    setApi(fake.client)
    useDraftsStore.setState({ drafts: {} })
    await useCompareStore.getState().run()
    expect(useCompareStore.getState().problem).toBe('Type a prompt first.')
    useDraftsStore.setState({ drafts: { compare: { message: 'Summarise', system: 'x'.repeat(50_001) } } })
    await useCompareStore.getState().benchmark()
    expect(useCompareStore.getState().problem).toBe('The system prompt is too long: at most 50,000 characters.')
    expect(fake.calls).toEqual([])
  })
})
