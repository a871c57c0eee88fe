import type { ApiPrompt } from './comfyui-validate'
import type { PyFloat } from './python-json'

/**
 * execution.py's PromptQueue: pending prompts in a binary heap ordered by (number, prompt_id),
 * listed by /queue in heap order as Python's heapq leaves them, the running ones by task
 * counter, and the history, oldest first, capped at 10,000 entries.
 */

/** (number, prompt_id, prompt, extra_data, outputs_to_execute) */
export type QueueItem = readonly [number: number | PyFloat, promptId: string, prompt: ApiPrompt, extraData: Readonly<Record<string, unknown>>, outputs: readonly string[]]

export interface ExecutionStatus {
  readonly status_str: 'success' | 'error'
  readonly completed: boolean
  readonly messages: readonly (readonly [string, Readonly<Record<string, unknown>>])[]
}

export interface HistoryEntry {
  readonly prompt: QueueItem
  readonly outputs: Readonly<Record<string, unknown>>
  readonly status: ExecutionStatus
  readonly meta: Readonly<Record<string, unknown>>
}

const maximumHistorySize = 10_000

export class PromptQueue {
  private heap: QueueItem[] = []
  private readonly running = new Map<number, QueueItem>()
  private taskCounter = 0
  private readonly history = new Map<string, HistoryEntry>()
  private waiter: (() => void) | undefined

  /** `changed` is server.queue_updated: the status broadcast. */
  constructor(private readonly changed: () => void) {}

  put(item: QueueItem): void {
    this.heap.push(item)
    siftDown(this.heap, 0, this.heap.length - 1)
    this.changed()
    this.waiter?.()
  }

  /** Waits for a prompt, takes the first, and marks it running; undefined when `closing` fires. */
  async take(closing: AbortSignal): Promise<{ readonly item: QueueItem; readonly taskId: number } | undefined> {
    while (this.heap.length === 0) {
      if (closing.aborted) return undefined
      await new Promise<void>((resolve) => {
        const wake = () => {
          closing.removeEventListener('abort', wake)
          resolve()
        }
        this.waiter = wake
        closing.addEventListener('abort', wake, { once: true })
      })
      this.waiter = undefined
    }
    const item = heapPop(this.heap)
    const taskId = this.taskCounter++
    this.running.set(taskId, item)
    this.changed()
    return { item, taskId }
  }

  done(taskId: number, result: Pick<HistoryEntry, 'outputs' | 'meta'>, status: ExecutionStatus): void {
    const item = this.running.get(taskId)
    if (!item) return
    this.running.delete(taskId)
    if (this.history.size > maximumHistorySize) this.history.delete(this.history.keys().next().value ?? '')
    this.history.set(item[1], { prompt: item, outputs: result.outputs, status, meta: result.meta })
    this.changed()
  }

  /** (running, pending) as get_current_queue returns them. */
  current(): { readonly running: readonly QueueItem[]; readonly pending: readonly QueueItem[] } {
    return { running: [...this.running.values()], pending: [...this.heap] }
  }

  remaining(): number {
    return this.heap.length + this.running.size
  }

  wipe(): void {
    this.heap = []
    this.changed()
  }

  /** Removes the first pending prompt with this id, as delete_queue_item does. */
  delete(promptId: string): void {
    const index = this.heap.findIndex((item) => item[1] === promptId)
    if (index < 0) return
    if (this.heap.length === 1) return this.wipe()
    this.heap.splice(index, 1)
    heapify(this.heap)
    this.changed()
  }

  historyOf(promptId: string): Record<string, HistoryEntry> {
    const entry = this.history.get(promptId)
    return entry ? { [promptId]: entry } : {}
  }

  /** The last `maxItems` entries, or all. */
  allHistory(maxItems?: number): Record<string, HistoryEntry> {
    const entries = [...this.history.entries()]
    return Object.fromEntries(maxItems === undefined ? entries : entries.slice(Math.max(0, entries.length - maxItems)))
  }

  wipeHistory(): void {
    this.history.clear()
  }

  deleteHistory(promptId: string): void {
    this.history.delete(promptId)
  }
}

/** Tuple order: number first, then prompt_id. */
function less(a: QueueItem, b: QueueItem): boolean {
  const [numberA, numberB] = [a[0], b[0]].map((number) => (typeof number === 'number' ? number : number.value)) as [number, number]
  return numberA !== numberB ? numberA < numberB : a[1] < b[1]
}

// heapq's _siftdown, _siftup, heappop and heapify, step for step, so the heap's order matches Python's.
function siftDown(heap: QueueItem[], start: number, at: number): void {
  const item = heap[at]
  if (!item) return
  let position = at
  while (position > start) {
    const parentPosition = (position - 1) >> 1
    const parent = heap[parentPosition]
    if (!parent || !less(item, parent)) break
    heap[position] = parent
    position = parentPosition
  }
  heap[position] = item
}

function siftUp(heap: QueueItem[], at: number): void {
  const end = heap.length
  const item = heap[at]
  if (!item) return
  let position = at
  let child = 2 * position + 1
  while (child < end) {
    const right = child + 1
    const left = heap[child]
    const rightItem = heap[right]
    if (right < end && left && rightItem && !less(left, rightItem)) child = right
    heap[position] = heap[child] as QueueItem
    position = child
    child = 2 * position + 1
  }
  heap[position] = item
  siftDown(heap, at, position)
}

function heapPop(heap: QueueItem[]): QueueItem {
  const last = heap.pop() as QueueItem
  if (heap.length === 0) return last
  const first = heap[0] as QueueItem
  heap[0] = last
  siftUp(heap, 0)
  return first
}

function heapify(heap: QueueItem[]): void {
  for (let index = Math.floor(heap.length / 2) - 1; index >= 0; index--) siftUp(heap, index)
}
