import { useId } from 'react'
import type { MinecraftServerInfo } from '../../../../src-shared/minecraft'
import { PlayerActionForm } from './PlayerActionForm'
import { SayForm } from './SayForm'

interface QuickActionsProps {
  readonly server: MinecraftServerInfo
  readonly players: readonly string[]
}

/** Say, kick, whitelist and operators without typing the command; replies show in the console. */
export function QuickActions({ server, players }: QuickActionsProps) {
  const id = useId()
  const listId = `${id}-players`
  const disabled = !server.rcon
  return (
    <section className="mc-panel" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>Quick actions</h2>
      {disabled && <p className="muted">These need RCON, which this server does not have configured.</p>}
      <datalist id={listId}>
        {players.map((name) => (
          <option key={name} value={name} />
        ))}
      </datalist>
      <SayForm serverId={server.id} disabled={disabled} />
      <PlayerActionForm
        serverId={server.id}
        legend="Kick"
        playerLabel="Player to kick"
        reasonLabel="Reason"
        listId={listId}
        actions={[{ action: 'kick', label: 'Kick…' }]}
        disabled={disabled}
      />
      <PlayerActionForm
        serverId={server.id}
        legend="Whitelist"
        playerLabel="Whitelist player"
        listId={listId}
        actions={[
          { action: 'whitelist-add', label: 'Add to whitelist' },
          { action: 'whitelist-remove', label: 'Remove from whitelist…' }
        ]}
        disabled={disabled}
      />
      <PlayerActionForm
        serverId={server.id}
        legend="Operators"
        playerLabel="Operator player"
        listId={listId}
        actions={[
          { action: 'op', label: 'Op…' },
          { action: 'deop', label: 'Deop…' }
        ]}
        disabled={disabled}
      />
    </section>
  )
}
