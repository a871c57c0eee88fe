import type { MinecraftServerInfo } from '../../../../src-shared/minecraft'
import { BackupsPanel } from './BackupsPanel'
import { ConsolePanel } from './ConsolePanel'
import { QuickActions } from './QuickActions'
import { StatusPanel } from './StatusPanel'
import { useStatusStore } from './status-store'

const nobody: readonly string[] = []

/** One server: the console on the left; status, quick actions and backups beside it. */
export function ServerPage({ server }: { readonly server: MinecraftServerInfo }) {
  const players = useStatusStore((store) => (store.serverId === server.id ? store.status?.players : undefined)) ?? nobody
  return (
    <div className="mc-page">
      <ConsolePanel server={server} players={players} />
      <div className="mc-side">
        <StatusPanel server={server} />
        <QuickActions server={server} players={players} />
        <BackupsPanel server={server} />
      </div>
    </div>
  )
}
