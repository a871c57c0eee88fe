import { useEffect, useId } from 'react'
import type { MinecraftServerInfo } from '../../../../src-shared/minecraft'
import { formatMs, formatRelative } from '../health/format'
import { useNow } from '../health/use-now'
import { FormattedText } from './FormattedText'
import { ProcessControls } from './ProcessControls'
import { formatPlayers, rconText } from './status-format'
import { useStatusStore } from './status-store'
import { parseFormatted } from './text-component'
import { TpsFigures } from './TpsFigures'

/** The server's live status, read every 5 s while the panel is on screen. */
export function StatusPanel({ server }: { readonly server: MinecraftServerInfo }) {
  const id = useId()
  const status = useStatusStore((store) => (store.serverId === server.id ? store.status : null))
  const error = useStatusStore((store) => (store.serverId === server.id ? store.error : null))
  const now = useNow(1000)

  useEffect(() => useStatusStore.getState().startPolling(server.id), [server.id])

  return (
    <section className="mc-panel mc-status" aria-labelledby={`${id}-title`}>
      <div className="mc-panel-header">
        <h2 id={`${id}-title`}>Status</h2>
        {status && <span className="muted mc-checked">checked {formatRelative(status.checkedAt, now)}</span>}
      </div>
      {error && (
        <p className="field-problem" role="alert">
          Could not read the status: {error}
        </p>
      )}
      {status === null ? (
        !error && <p className="muted">Reading the status…</p>
      ) : (
        <dl className="facts mc-facts">
          <dt>Server</dt>
          <dd>
            <span className={`status-badge ${status.online ? 'status-up' : 'status-down'}`}>
              <span className="status-dot" aria-hidden="true" />
              {status.online ? 'online' : 'offline'}
            </span>
            {!status.online && status.pingError && <span className="mc-reason"> {status.pingError}</span>}
          </dd>
          <dt>Version</dt>
          <dd>{status.version ?? '—'}</dd>
          <dt>MOTD</dt>
          <dd className="mc-motd">{status.motd === null ? '—' : <FormattedText segments={parseFormatted(status.motd)} />}</dd>
          <dt>Players</dt>
          <dd>
            {formatPlayers(status)}
            {status.players.length > 0 && (
              <ul className="mc-players" aria-label="Players online">
                {status.players.map((name) => (
                  <li key={name}>{name}</li>
                ))}
              </ul>
            )}
          </dd>
          <dt>Ping</dt>
          <dd>{status.latencyMs === null ? '—' : formatMs(status.latencyMs)}</dd>
          <dt>TPS</dt>
          <dd>
            <TpsFigures tps={status.tps} rconAnswers={status.rcon.state === 'ok'} />
          </dd>
          <dt>RCON</dt>
          <dd className={status.rcon.state === 'error' ? 'mc-rcon-error' : undefined}>{rconText(status.rcon)}</dd>
        </dl>
      )}
      <h3>Process</h3>
      <ProcessControls server={server} process={status?.process ?? null} />
    </section>
  )
}
