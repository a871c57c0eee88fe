import { useId, useState } from 'react'
import { BackupSchedule } from '../../../../src-shared/minecraft'
import { useBackupsStore } from './backups-store'

interface ScheduleFormProps {
  readonly serverId: string
  /** The schedule as the core has it; the form starts from it. */
  readonly schedule: BackupSchedule
}

function describe(schedule: BackupSchedule): string {
  const keep = `keeping the newest ${schedule.keep}`
  return schedule.dailyAt === null ? `No daily backup; ${keep}.` : `A backup every day at ${schedule.dailyAt} while the console runs, ${keep}.`
}

/** Daily backups at a time (or none), and how many archives rotation keeps. */
export function ScheduleForm({ serverId, schedule }: ScheduleFormProps) {
  const id = useId()
  const [daily, setDaily] = useState(schedule.dailyAt !== null)
  const [time, setTime] = useState(schedule.dailyAt ?? '04:00')
  const [keep, setKeep] = useState(String(schedule.keep))
  const [problem, setProblem] = useState<string | null>(null)
  const [saved, setSaved] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)

  const save = async () => {
    const parsed = BackupSchedule.safeParse({ dailyAt: daily ? time.slice(0, 5) : null, keep: Number(keep) })
    if (!parsed.success) {
      setSaved(null)
      setProblem(daily && !/^\d{2}:\d{2}/.test(time) ? 'Choose the time of the daily backup.' : 'Keep between 1 and 365 backups.')
      return
    }
    setBusy(true)
    const failure = await useBackupsStore.getState().saveSchedule(serverId, parsed.data)
    setBusy(false)
    setProblem(failure === null ? null : `Could not save the schedule: ${failure}`)
    setSaved(failure === null ? `Saved. ${describe(parsed.data)}` : null)
  }

  const change = () => {
    setSaved(null)
    setProblem(null)
  }

  return (
    <form
      className="mc-schedule"
      aria-labelledby={`${id}-title`}
      onSubmit={(event) => {
        event.preventDefault()
        void save()
      }}
    >
      <h3 id={`${id}-title`}>Schedule</h3>
      <label className="checkbox">
        <input
          type="checkbox"
          checked={daily}
          onChange={(event) => {
            setDaily(event.target.checked)
            change()
          }}
        />
        Daily backup
      </label>
      <div className="mc-schedule-fields">
        <div className="field">
          <label htmlFor={`${id}-time`}>Time</label>
          <input
            id={`${id}-time`}
            type="time"
            value={time}
            disabled={!daily}
            onChange={(event) => {
              setTime(event.target.value)
              change()
            }}
          />
        </div>
        <div className="field">
          <label htmlFor={`${id}-keep`}>Keep last</label>
          <input
            id={`${id}-keep`}
            type="number"
            min={1}
            max={365}
            step={1}
            value={keep}
            aria-describedby={`${id}-keep-hint`}
            onChange={(event) => {
              setKeep(event.target.value)
              change()
            }}
          />
          <span id={`${id}-keep-hint`} className="muted mc-hint">
            backups; older ones are deleted
          </span>
        </div>
      </div>
      <button type="submit" disabled={busy}>
        {busy ? 'Saving…' : 'Save schedule'}
      </button>
      {problem && (
        <p className="field-problem" role="alert">
          {problem}
        </p>
      )}
      <p className="mc-hint muted" role="status">
        {saved ?? describe(schedule)}
      </p>
    </form>
  )
}
