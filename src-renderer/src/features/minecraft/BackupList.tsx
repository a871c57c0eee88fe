import type { BackupFile } from '../../../../src-shared/minecraft'
import { formatBytes } from '../health/format'

interface BackupListProps {
  readonly files: readonly BackupFile[] | null
  readonly error: string | null
  /** A run is under way: no restore may start meanwhile. */
  readonly busy: boolean
  readonly onRestore: (file: string) => void
}

/** The archives in the backups folder, newest first, each with Restore…. */
export function BackupList({ files, error, busy, onRestore }: BackupListProps) {
  if (error) {
    return (
      <p className="field-problem" role="alert">
        {error}
      </p>
    )
  }
  if (files === null) return <p className="muted">Reading the backups…</p>
  if (files.length === 0) return <p className="muted">No backups yet.</p>
  return (
    <ul className="mc-backup-list" aria-label="Backups">
      {files.map((file) => (
        <li key={file.name}>
          <span className="mc-backup-name mono">{file.name}</span>
          <span className="mc-backup-meta muted">
            {formatBytes(file.size)} · <time dateTime={new Date(file.createdAt).toISOString()}>{new Date(file.createdAt).toLocaleString()}</time>
          </span>
          <button type="button" disabled={busy} aria-label={`Restore ${file.name}…`} onClick={() => onRestore(file.name)}>
            Restore…
          </button>
        </li>
      ))}
    </ul>
  )
}
