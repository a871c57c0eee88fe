import type { BackupRun, BackupStep } from '../../../src-shared/minecraft'

/** Runs shown since the app started; older ones drop off. */
const keptRuns = 50

export interface RunHandle {
  readonly run: () => BackupRun
  /** Merges the change into the run and tells the pages. */
  update(change: Partial<Pick<BackupRun, 'step' | 'bytes' | 'file'>>): void
  done(): void
  failed(step: BackupStep, error: string): void
}

/** Backup and restore runs: one at a time per server, each change sent as a `minecraft.backup` event. */
export class BackupRuns {
  private readonly runs: BackupRun[] = []
  private readonly busy = new Set<string>()
  private lastId = 0

  constructor(
    private readonly emit: (run: BackupRun) => void,
    private readonly now: () => number = Date.now
  ) {}

  /** Newest first. */
  list(): BackupRun[] {
    return [...this.runs]
  }

  isBusy(serverId: string): boolean {
    return this.busy.has(serverId)
  }

  /** Throws when the server already has a run under way. */
  begin(serverId: string, serverName: string, kind: BackupRun['kind'], step: BackupStep, scheduled: boolean): RunHandle {
    if (this.busy.has(serverId)) throw new Error(`${serverName} already has a backup or restore under way`)
    this.busy.add(serverId)
    let run: BackupRun = { runId: `b${++this.lastId}`, serverId, kind, step, state: 'running', bytes: 0, file: null, startedAt: this.now(), error: null, scheduled }
    this.runs.unshift(run)
    this.runs.splice(keptRuns)
    const set = (next: BackupRun) => {
      run = next
      const index = this.runs.findIndex((candidate) => candidate.runId === next.runId)
      if (index >= 0) this.runs[index] = next
      this.emit(next)
    }
    const finish = (next: BackupRun) => {
      if (run.state !== 'running') return
      this.busy.delete(serverId)
      set(next)
    }
    this.emit(run)
    return {
      run: () => run,
      update: (change) => {
        if (run.state === 'running') set({ ...run, ...change })
      },
      done: () => finish({ ...run, state: 'done' }),
      failed: (failedStep, error) => finish({ ...run, step: failedStep, state: 'failed', error })
    }
  }
}
