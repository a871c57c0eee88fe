import type { BackupRun } from '../../../../src-shared/minecraft'
import { formatBytes } from '../health/format'
import { saveOnNote, stepViews, type StepStatus } from './backup-run'

const statusWord: Record<StepStatus, string> = { done: 'done', current: 'under way', failed: 'failed', pending: 'waiting', skipped: 'skipped' }
const statusMark: Record<StepStatus, string> = { done: '✓', current: '…', failed: '✗', pending: '·', skipped: '–' }

function headline(run: BackupRun): string {
  const what = run.kind === 'backup' ? (run.scheduled ? 'Scheduled backup' : 'Backup') : 'Restore'
  const file = run.file ? ` ${run.file}` : ''
  if (run.state === 'running') {
    const bytes = run.step === 'archive' || run.step === 'restore' ? ` · ${formatBytes(run.bytes)} so far` : ''
    return `${what}${file}: ${run.step}${bytes}`
  }
  if (run.state === 'done') return run.kind === 'backup' ? `${what} done:${file}, ${formatBytes(run.bytes)}` : `${what} done from${file}`
  return `${what} failed at ${run.step}: ${run.error ?? 'no reason given'}`
}

/** A backup or restore as it goes: each step marked, bytes so far, the size or the error at the end. */
export function BackupProgress({ run }: { readonly run: BackupRun }) {
  const note = saveOnNote(run)
  return (
    <div className={`mc-run is-${run.state}`}>
      <p className="mc-run-headline" role={run.state === 'failed' ? 'alert' : 'status'}>
        {headline(run)}
      </p>
      {note && <p className="mc-run-note">{note}</p>}
      <ol className="mc-steps" aria-label={run.kind === 'backup' ? 'Backup steps' : 'Restore steps'}>
        {stepViews(run).map(({ step, status }) => (
          <li key={step} className={`is-${status}`} aria-current={status === 'current' ? 'step' : undefined}>
            <span aria-hidden="true" className="mc-step-mark">
              {statusMark[status]}
            </span>
            {step}
            <span className="visually-hidden">: {statusWord[status]}</span>
          </li>
        ))}
      </ol>
    </div>
  )
}
