import { useEffect, useId, useMemo, useState } from 'react'
import type { MinecraftServerInfo } from '../../../../src-shared/minecraft'
import { BackupList } from './BackupList'
import { BackupProgress } from './BackupProgress'
import { latestRun } from './backup-run'
import { useBackupsStore } from './backups-store'
import { RestoreDialog } from './RestoreDialog'
import { ScheduleForm } from './ScheduleForm'

/** "Back up now" with its progress, the archives with Restore…, and the daily schedule. */
export function BackupsPanel({ server }: { readonly server: MinecraftServerInfo }) {
  const id = useId()
  const shown = useBackupsStore((store) => store.serverId === server.id)
  const files = useBackupsStore((store) => (shown ? store.files : null))
  const filesError = useBackupsStore((store) => (shown ? store.filesError : null))
  const schedule = useBackupsStore((store) => (shown ? store.schedule : null))
  const scheduleError = useBackupsStore((store) => (shown ? store.scheduleError : null))
  const runs = useBackupsStore((store) => store.runs)
  const run = useMemo(() => latestRun(runs, server.id), [runs, server.id])
  const [starting, setStarting] = useState(false)
  const [problem, setProblem] = useState<string | null>(null)
  const [restoring, setRestoring] = useState<string | null>(null)
  const running = run?.state === 'running'

  useEffect(() => {
    if (server.backups) return useBackupsStore.getState().show(server.id)
  }, [server.id, server.backups])

  const backUp = async () => {
    setStarting(true)
    const failure = await useBackupsStore.getState().backUp(server.id)
    setStarting(false)
    setProblem(failure === null ? null : `Could not start the backup: ${failure}`)
  }

  return (
    <section className="mc-panel mc-backups" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>Backups</h2>
      {!server.backups ? (
        <p className="muted">
          Backups need both folders on the service in the inventory: <code>world:</code> (the world to archive) and <code>backups:</code> (where
          archives go).
        </p>
      ) : (
        <>
          <div className="mc-backup-actions">
            <button type="button" className="primary" disabled={starting || running} onClick={() => void backUp()}>
              {starting ? 'Starting…' : 'Back up now'}
            </button>
            {running && <span className="muted">A {run.kind} is under way.</span>}
          </div>
          {problem && (
            <p className="field-problem" role="alert">
              {problem}
            </p>
          )}
          {run && <BackupProgress run={run} />}
          <BackupList files={files} error={filesError} busy={running} onRestore={setRestoring} />
          {scheduleError && (
            <p className="field-problem" role="alert">
              {scheduleError}
            </p>
          )}
          {schedule && <ScheduleForm key={server.id} serverId={server.id} schedule={schedule} />}
        </>
      )}
      {restoring && <RestoreDialog serverId={server.id} serverName={server.name} file={restoring} onClose={() => setRestoring(null)} />}
    </section>
  )
}
