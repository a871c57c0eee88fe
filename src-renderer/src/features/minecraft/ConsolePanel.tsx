import { useEffect, useId, useState } from 'react'
import type { MinecraftServerInfo } from '../../../../src-shared/minecraft'
import { CommandBox } from './CommandBox'
import type { ConsoleEntry } from './console-entries'
import { useConsoleStore } from './console-store'
import { logPhaseText, logSource } from './log-phase-text'
import { LogView } from './LogView'

const noEntries: readonly ConsoleEntry[] = []

interface ConsolePanelProps {
  readonly server: MinecraftServerInfo
  readonly players: readonly string[]
}

/** The server's live log with a filter, and the command line beneath it. */
export function ConsolePanel({ server, players }: ConsolePanelProps) {
  const id = useId()
  const shown = useConsoleStore((store) => store.serverId === server.id)
  const entries = useConsoleStore((store) => (shown ? store.entries : noEntries))
  const phase = useConsoleStore((store) => (shown ? store.phase : 'opening'))
  const message = useConsoleStore((store) => (shown ? store.message : null))
  const [filter, setFilter] = useState('')
  const hasLog = server.log !== null

  useEffect(() => useConsoleStore.getState().open(server.id, hasLog), [server.id, hasLog])

  return (
    <section className="mc-console" aria-labelledby={`${id}-title`}>
      <div className="mc-console-bar">
        <h2 id={`${id}-title`}>Console</h2>
        <p className={`mc-log-state phase-${phase ?? 'none'}`} role="status">
          <span className="mc-log-dot" aria-hidden="true" />
          <span className="mc-log-phase">{logPhaseText(phase, message)}</span>
          {server.log && phase === 'streaming' && <span className="muted mc-log-source"> · {logSource(server.log)}</span>}
        </p>
        <div className="mc-filter">
          <label htmlFor={`${id}-filter`}>Filter</label>
          <input id={`${id}-filter`} value={filter} autoComplete="off" spellCheck={false} placeholder="Show lines with…" onChange={(event) => setFilter(event.target.value)} />
        </div>
      </div>
      <LogView entries={entries} filter={filter} />
      <CommandBox server={server} players={players} />
    </section>
  )
}
