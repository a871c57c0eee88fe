import { randomUUID } from 'node:crypto'
import { JobParams, type JobState } from '../../../src-shared/imagegen'
import type { StoreDatabase } from '../store/database'

/**
 * The image jobs, in SQLite. A job is written before anything is sent and every change of state
 * is written at once, so what a worker acknowledged survives a crash. Each job gets its backend
 * task id when it is stored: after a restart the console asks the worker about that id.
 */

export interface JobRow {
  readonly id: number
  readonly workerId: string
  readonly state: JobState
  readonly position: number
  readonly params: JobParams
  readonly seed: number | null
  readonly taskId: string
  readonly message: string | null
  readonly createdAt: number
  readonly startedAt: number | null
  readonly finishedAt: number | null
}

interface Row {
  id: number
  worker_id: string
  state: JobState
  position: number
  params: string
  seed: number | null
  task_id: string
  message: string | null
  created_at: number
  started_at: number | null
  finished_at: number | null
}

export type FinalState = Extract<JobState, 'done' | 'failed' | 'cancelled'>

export class JobStore {
  constructor(
    private readonly db: StoreDatabase,
    private readonly now: () => number = Date.now
  ) {}

  /** `count` jobs at the end of the worker's queue, in one transaction. */
  insert(workerId: string, params: JobParams, count: number): JobRow[] {
    const insert = this.db.prepare<[string, number, string, string, number]>(
      `INSERT INTO image_jobs (worker_id, state, position, params, task_id, created_at) VALUES (?, 'queued', ?, ?, ?, ?)`
    )
    return this.db.transaction(() => {
      const last = this.db.prepare<[string], { position: number | null }>(`SELECT MAX(position) AS position FROM image_jobs WHERE worker_id = ? AND state = 'queued'`).get(workerId)
      let position = Math.floor(last?.position ?? 0) + 1
      const ids: number[] = []
      for (let index = 0; index < count; index++) {
        ids.push(Number(insert.run(workerId, position++, JSON.stringify(params), randomUUID(), this.now()).lastInsertRowid))
      }
      return ids.map((id) => this.get(id)!)
    })()
  }

  get(id: number): JobRow | undefined {
    const row = this.db.prepare<[number], Row>('SELECT * FROM image_jobs WHERE id = ?').get(id)
    return row && toJob(row)
  }

  /** The worker's jobs not finished: those sent first (in the order sent), then the queue in order. */
  open(workerId: string): JobRow[] {
    return this.db
      .prepare<[string], Row>(
        `SELECT * FROM image_jobs WHERE worker_id = ? AND state IN ('queued', 'sending', 'running')
         ORDER BY state = 'queued', CASE WHEN state = 'queued' THEN position ELSE started_at END, id`
      )
      .all(workerId)
      .map(toJob)
  }

  /** The worker's latest finished jobs, newest first. */
  finished(workerId: string, limit: number): JobRow[] {
    return this.db
      .prepare<[string, number], Row>(`SELECT * FROM image_jobs WHERE worker_id = ? AND state IN ('done', 'failed', 'cancelled') ORDER BY finished_at DESC, id DESC LIMIT ?`)
      .all(workerId, limit)
      .map(toJob)
  }

  nextQueued(workerId: string): JobRow | undefined {
    const row = this.db.prepare<[string], Row>(`SELECT * FROM image_jobs WHERE worker_id = ? AND state = 'queued' ORDER BY position, id LIMIT 1`).get(workerId)
    return row && toJob(row)
  }

  /** queued → sending, with the seed it will run with: both written before the request goes out. */
  markSending(id: number, seed: number): void {
    this.db.prepare(`UPDATE image_jobs SET state = 'sending', seed = ?, started_at = ?, message = NULL WHERE id = ? AND state = 'queued'`).run(seed, this.now(), id)
  }

  markRunning(id: number, message: string | null): void {
    this.db.prepare(`UPDATE image_jobs SET state = 'running', message = ? WHERE id = ? AND state IN ('sending', 'running')`).run(message, id)
  }

  setMessage(id: number, message: string | null): void {
    this.db.prepare('UPDATE image_jobs SET message = ? WHERE id = ?').run(message, id)
  }

  /** Ends a job that is not yet ended; false when it already was. */
  finish(id: number, state: FinalState, message: string | null): boolean {
    const result = this.db
      .prepare(`UPDATE image_jobs SET state = ?, message = ?, finished_at = ? WHERE id = ? AND state IN ('queued', 'sending', 'running')`)
      .run(state, message, this.now(), id)
    return result.changes === 1
  }

  /** A job the worker never got goes back to the head of its queue, with the seed it already drew; false when it already ended. */
  requeue(id: number): boolean {
    return this.db.transaction(() => {
      const job = this.get(id)
      if (job?.state !== 'sending' && job?.state !== 'running') return false
      const first = this.db.prepare<[string], { position: number | null }>(`SELECT MIN(position) AS position FROM image_jobs WHERE worker_id = ? AND state = 'queued'`).get(job.workerId)
      const position = (first?.position ?? 1) - 1
      this.db.prepare(`UPDATE image_jobs SET state = 'queued', position = ?, started_at = NULL, message = NULL WHERE id = ?`).run(position, id)
      return true
    })()
  }

  /** Puts a queued job before another queued job of its worker, or last. */
  move(id: number, beforeId: number | null): void {
    this.db.transaction(() => {
      const job = this.get(id)
      if (job?.state !== 'queued') throw new Error(`job ${id} is not waiting in a queue`)
      const queued = this.db
        .prepare<[string, number], { id: number; position: number }>(`SELECT id, position FROM image_jobs WHERE worker_id = ? AND state = 'queued' AND id != ? ORDER BY position, id`)
        .all(job.workerId, id)
      const index = beforeId === null ? queued.length : queued.findIndex((other) => other.id === beforeId)
      if (index < 0) throw new Error(`job ${String(beforeId)} is not waiting in the same queue`)
      const before = queued[index - 1]?.position
      const after = queued[index]?.position
      const position = before === undefined ? (after ?? 1) - 1 : after === undefined ? before + 1 : (before + after) / 2
      this.db.prepare('UPDATE image_jobs SET position = ? WHERE id = ?').run(position, id)
    })()
  }

  /** Whether the worker ever got this job is decided from these after a restart. */
  inFlight(workerId: string): JobRow[] {
    return this.db.prepare<[string], Row>(`SELECT * FROM image_jobs WHERE worker_id = ? AND state IN ('sending', 'running') ORDER BY started_at, id`).all(workerId).map(toJob)
  }
}

function toJob(row: Row): JobRow {
  return {
    id: row.id,
    workerId: row.worker_id,
    state: row.state,
    position: row.position,
    params: JobParams.parse(JSON.parse(row.params)),
    seed: row.seed,
    taskId: row.task_id,
    message: row.message,
    createdAt: row.created_at,
    startedAt: row.started_at,
    finishedAt: row.finished_at
  }
}
