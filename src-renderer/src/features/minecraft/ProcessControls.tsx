import { useState } from 'react'
import type { MinecraftServerInfo, ProcessState } from '../../../../src-shared/minecraft'
import { ConfirmDialog } from '../../components/ConfirmDialog'
import { controlName } from './status-format'
import { useStatusStore, type ControlAction } from './status-store'

interface ProcessControlsProps {
  readonly server: MinecraftServerInfo
  readonly process: ProcessState | null
}

const busyLabel: Record<ControlAction, string> = { start: 'Starting…', stop: 'Stopping…', restart: 'Restarting…' }

/** The unit's or container's state, with Start, and Stop and Restart after a confirmation. */
export function ProcessControls({ server, process }: ProcessControlsProps) {
  const control = useStatusStore((store) => store.control)
  const controlError = useStatusStore((store) => store.controlError)
  const [asking, setAsking] = useState<'stop' | 'restart' | null>(null)

  if (server.control === null) {
    return <p className="muted">Not managed from here: add <code>unit:</code> (systemd) or <code>container:</code> (docker) to the service in the inventory.</p>
  }

  const run = (action: ControlAction) => {
    setAsking(null)
    void useStatusStore.getState().runControl(server.id, action)
  }
  const running = process?.running ?? false
  // With the state unknown (not read yet, or unreadable), every action stays offered.
  const stopped = process !== null && !running

  return (
    <div className="mc-process">
      <p>
        <span className={`mc-process-state ${running ? 'is-running' : 'is-stopped'}`}>{process?.state ?? 'unknown'}</span>{' '}
        <span className="muted">{controlName(server.control)}</span>
        {process?.detail && <span className="muted"> · {process.detail}</span>}
      </p>
      <div className="mc-process-buttons">
        <button type="button" disabled={control !== null || running} onClick={() => run('start')}>
          {control === 'start' ? busyLabel.start : 'Start'}
        </button>
        <button type="button" disabled={control !== null || stopped} onClick={() => setAsking('stop')}>
          {control === 'stop' ? busyLabel.stop : 'Stop'}
        </button>
        <button type="button" disabled={control !== null || stopped} onClick={() => setAsking('restart')}>
          {control === 'restart' ? busyLabel.restart : 'Restart'}
        </button>
      </div>
      {controlError && (
        <p className="field-problem" role="alert">
          {controlError}
        </p>
      )}
      {asking && (
        <ConfirmDialog
          title={asking === 'stop' ? `Stop ${server.name}?` : `Restart ${server.name}?`}
          text={
            asking === 'stop'
              ? 'Everyone playing is disconnected and the server stays down until it is started again.'
              : 'Everyone playing is disconnected while the server restarts.'
          }
          confirm={asking === 'stop' ? 'Stop server' : 'Restart server'}
          onConfirm={() => run(asking)}
          onClose={() => setAsking(null)}
        />
      )}
    </div>
  )
}
