import { useEffect, useMemo } from 'react'
import { MinecraftEmptyState } from './MinecraftEmptyState'
import { ServerPage } from './ServerPage'
import { ServerPicker } from './ServerPicker'
import { useServersStore } from './servers-store'
import { useMinecraftServer } from './use-minecraft-server'

/** The Minecraft section: the console of one `kind: minecraft` service, or how to add one. */
export function MinecraftView() {
  const servers = useServersStore((store) => store.servers)
  const loaded = useServersStore((store) => store.loaded)
  const error = useServersStore((store) => store.error)
  const serverIds = useMemo(() => servers.map((server) => server.id), [servers])
  const [serverId, choose] = useMinecraftServer(serverIds)
  const server = servers.find((candidate) => candidate.id === serverId) ?? null

  useEffect(() => useServersStore.getState().start(), [])

  return (
    <section className="minecraft" aria-labelledby="minecraft-title">
      <header className="mc-header">
        <h1 id="minecraft-title">Minecraft</h1>
        {servers.length > 1 && server ? (
          <ServerPicker servers={servers} value={server.id} onChange={choose} />
        ) : (
          server && <span className="mc-server-name">{server.name}</span>
        )}
        {server && (
          <span className="muted mc-address">
            {server.host}:{server.port}
          </span>
        )}
      </header>
      {error && (
        <p className="field-problem mc-error" role="alert">
          {error}
        </p>
      )}
      {!loaded ? (
        <p className="loading" role="status">
          Looking for Minecraft servers…
        </p>
      ) : server ? (
        <ServerPage key={server.id} server={server} />
      ) : (
        !error && <MinecraftEmptyState />
      )}
    </section>
  )
}
