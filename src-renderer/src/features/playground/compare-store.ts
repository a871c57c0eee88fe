import { create } from 'zustand'
import { GenerateInput } from '../../../../src-shared/ollama'
import { api } from '../../api/api'
import { messageOf } from '../../api/failures'
import { clampRuns, type BenchmarkRun } from './benchmark'
import { compareDraftKey } from './drafts'
import { draftOf } from './drafts-store'
import { endpointName } from './endpoints-store'
import { inputProblem } from './messages'
import { loadRemembered, maxColumns, noChoice, remember, type ModelChoice } from './remembered'
import { useStreamsStore } from './streams-store'

export interface CompareColumn {
  /** Stable for the column's life: React's key and the benchmark's column. */
  readonly key: number
  readonly choice: ModelChoice
  /** The answer shown in the column: the latest run's. */
  readonly streamId: string | null
  /** Why the column's request was refused (before any answer streamed). */
  readonly requestError: string | null
  /** The request for an answer is on its way. */
  readonly starting: boolean
  /** Benchmark runs finished and planned, while the column benchmarks. */
  readonly progress: { readonly done: number; readonly total: number } | null
}

interface CompareStore {
  readonly columns: readonly CompareColumn[]
  /** How many times "Benchmark" runs the prompt per column. */
  readonly runs: number
  /** Why "Run" or "Benchmark" did nothing. */
  readonly problem: string | null
  readonly benchmarking: boolean
  /** The runs of the latest benchmark, kept after it ends. */
  readonly benchmarkRuns: readonly BenchmarkRun[]
  addColumn(): void
  removeColumn(key: number): void
  choose(key: number, choice: ModelChoice): void
  setRuns(runs: number): void
  /** Sends the prompt to every column at once. */
  run(): Promise<void>
  /** Runs the prompt `runs` times per column: columns in parallel, a column's runs one after another. */
  benchmark(): Promise<void>
  /** Stops a column's answer, and its remaining benchmark runs. */
  stop(key: number): void
}

export function isColumnBusy(column: CompareColumn, streams: ReturnType<typeof useStreamsStore.getState>['streams']): boolean {
  return column.starting || column.progress !== null || (column.streamId !== null && streams[column.streamId]?.status === 'streaming')
}

/** The compare tab: up to four model@endpoint columns answering one prompt, once or as a benchmark. */
export const useCompareStore = create<CompareStore>()((set, get) => {
  let nextKey = 1
  /**
   * Columns the user stopped since their run or benchmark began: a benchmark skips their remaining
   * runs, and an answer whose request was still on its way when Stop came is stopped as it starts.
   */
  const stopped = new Set<number>()

  const setColumn = (key: number, patch: Partial<CompareColumn>) =>
    set({ columns: get().columns.map((column) => (column.key === key ? { ...column, ...patch } : column)) })
  const column = (key: number) => get().columns.find((candidate) => candidate.key === key)
  const saveChoices = () => remember({ compare: get().columns.map((candidate) => candidate.choice) })
  const newColumn = (choice: ModelChoice): CompareColumn => ({ key: nextKey++, choice, streamId: null, requestError: null, starting: false, progress: null })

  /** The prompt to send, or null after saying why there is none. */
  const readyPrompt = () => {
    const draft = draftOf(compareDraftKey)
    if (draft.message.trim() === '') {
      set({ problem: 'Type a prompt first.' })
      return null
    }
    const ready = get().columns.filter((candidate) => candidate.choice.endpointId !== null && candidate.choice.model !== null)
    if (ready.length === 0) {
      set({ problem: 'Choose an endpoint and a model in at least one column.' })
      return null
    }
    const texts = { prompt: draft.message, system: draft.system ?? '' }
    const checked = GenerateInput.pick({ prompt: true, system: true }).safeParse(texts)
    if (!checked.success) {
      set({ problem: inputProblem(checked.error, { prompt: 'The prompt', system: 'The system prompt' }) })
      return null
    }
    set({ problem: null })
    return { ...texts, keys: ready.map((candidate) => candidate.key) }
  }

  /** Starts one answer in a column; resolves with its stream, or null when the request was refused. */
  const generate = async (key: number, prompt: string, system: string): Promise<string | null> => {
    const current = column(key)
    if (!current?.choice.endpointId || !current.choice.model) return null
    if (current.streamId) useStreamsStore.getState().forget([current.streamId])
    setColumn(key, { streamId: null, requestError: null, starting: true })
    try {
      const { streamId } = await api().request('ollama.generate', { endpointId: current.choice.endpointId, model: current.choice.model, system, prompt, options: {} })
      setColumn(key, { streamId, starting: false })
      if (stopped.has(key)) void useStreamsStore.getState().stop(streamId)
      return streamId
    } catch (error) {
      setColumn(key, { requestError: messageOf(error), starting: false })
      return null
    }
  }

  const benchmarkColumn = async (key: number, prompt: string, system: string, total: number) => {
    const { endpointId, model } = column(key)?.choice ?? noChoice
    const record = (run: Omit<BenchmarkRun, 'column' | 'model' | 'endpointName'>) =>
      set({ benchmarkRuns: [...get().benchmarkRuns, { column: key, model: model ?? '', endpointName: endpointName(endpointId), ...run }] })
    for (let done = 0; done < total && !stopped.has(key); done++) {
      setColumn(key, { progress: { done, total } })
      const streamId = await generate(key, prompt, system)
      if (streamId === null) {
        record({ status: 'error', stats: null })
        break
      }
      const final = await useStreamsStore.getState().whenEnded(streamId)
      record({ status: final.status, stats: final.stats })
      if (final.status !== 'complete') break
    }
    setColumn(key, { progress: null })
  }

  const remembered = loadRemembered().compare
  return {
    columns: remembered.map(newColumn),
    runs: 5,
    problem: null,
    benchmarking: false,
    benchmarkRuns: [],

    addColumn() {
      if (get().columns.length >= maxColumns) return
      const last = get().columns[get().columns.length - 1]
      set({ columns: [...get().columns, newColumn({ endpointId: last?.choice.endpointId ?? null, model: null })] })
      saveChoices()
    },

    removeColumn(key) {
      const removed = column(key)
      if (!removed || get().columns.length <= 1) return
      if (removed.streamId) useStreamsStore.getState().forget([removed.streamId])
      set({ columns: get().columns.filter((candidate) => candidate.key !== key) })
      saveChoices()
    },

    choose(key, choice) {
      setColumn(key, { choice })
      saveChoices()
    },

    setRuns: (runs) => set({ runs: clampRuns(runs) }),

    async run() {
      const ready = readyPrompt()
      if (!ready) return
      for (const key of ready.keys) stopped.delete(key)
      await Promise.all(ready.keys.map((key) => generate(key, ready.prompt, ready.system)))
    },

    async benchmark() {
      if (get().benchmarking) return
      const ready = readyPrompt()
      if (!ready) return
      stopped.clear()
      set({ benchmarking: true, benchmarkRuns: [] })
      await Promise.all(ready.keys.map((key) => benchmarkColumn(key, ready.prompt, ready.system, get().runs)))
      set({ benchmarking: false })
    },

    stop(key) {
      const current = column(key)
      if (!current) return
      stopped.add(key)
      if (current.streamId) void useStreamsStore.getState().stop(current.streamId)
    }
  }
})
