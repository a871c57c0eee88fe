import type { BackupRun, BackupStep } from '../../../../src-shared/minecraft'

export const backupSteps: readonly BackupStep[] = ['save-off', 'save-all', 'archive', 'save-on', 'rotate']
export const restoreSteps: readonly BackupStep[] = ['stop', 'restore', 'start']

export type StepStatus = 'done' | 'current' | 'failed' | 'pending' | 'skipped'

export interface StepView {
  readonly step: BackupStep
  readonly status: StepStatus
}

const saveOnIndex = backupSteps.indexOf('save-on')

/** Each step of a run with where it stands; after a failed backup, save-on was still sent. */
export function stepViews(run: BackupRun): StepView[] {
  const steps = run.kind === 'backup' ? backupSteps : restoreSteps
  const at = Math.max(0, steps.indexOf(run.step))
  return steps.map((step, index) => {
    if (run.state === 'done' || index < at) return { step, status: 'done' }
    if (index === at) return { step, status: run.state === 'failed' ? 'failed' : 'current' }
    if (run.state === 'running') return { step, status: 'pending' }
    return { step, status: run.kind === 'backup' && index === saveOnIndex ? 'done' : 'skipped' }
  })
}

/** Whether the server is saving the world again after this backup, in words for a failed one. */
export function saveOnNote(run: BackupRun): string | null {
  if (run.kind !== 'backup' || run.state !== 'failed') return null
  if (run.step === 'rotate') return 'The archive was written and save-on was sent; only removing the oldest archives failed.'
  if (run.step === 'save-on') return 'save-on could not be sent: the server may not be saving the world. Send save-on from the console.'
  return 'save-on was sent, so the server saves the world again.'
}

/**
 * A run as its events come: an update never takes a finished run back to running. A run with a
 * known id but another start is another run: a restarted core numbers its runs from b1 again.
 */
export function mergeRun(runs: Readonly<Record<string, BackupRun>>, run: BackupRun): Readonly<Record<string, BackupRun>> {
  const known = runs[run.runId]
  return known && laterOf(known, run) === known ? runs : { ...runs, [run.runId]: run }
}

/**
 * The runs as the core lists them after the connection to it came back: events sent meanwhile
 * (a run's end) were lost, and a run it no longer lists (it restarted) is not under way any more.
 * An end already seen here is kept, in case the list was read before it.
 */
export function runsFromCore(runs: Readonly<Record<string, BackupRun>>, listed: readonly BackupRun[]): Readonly<Record<string, BackupRun>> {
  const next: Record<string, BackupRun> = {}
  for (const run of listed) {
    const known = runs[run.runId]
    next[run.runId] = known ? laterOf(known, run) : run
  }
  return next
}

function laterOf(known: BackupRun, update: BackupRun): BackupRun {
  const same = known.serverId === update.serverId && known.startedAt === update.startedAt
  return same && known.state !== 'running' && update.state === 'running' ? known : update
}

/** The newest run of a server, the one its panel shows. */
export function latestRun(runs: Readonly<Record<string, BackupRun>>, serverId: string): BackupRun | null {
  let latest: BackupRun | null = null
  for (const run of Object.values(runs)) if (run.serverId === serverId && (latest === null || run.startedAt >= latest.startedAt)) latest = run
  return latest
}
