import { useInventoryStore } from '../inventory/inventory-store'

const example = `services:
  - id: minecraft
    kind: minecraft
    port: 25565
    rcon: { port: 25575, password: "env:MC_RCON" }
    log: /opt/minecraft/logs/latest.log
    world: /opt/minecraft/world
    backups: /mnt/usb/backups
    unit: minecraft.service`

/** No `kind: minecraft` service yet: what to add to the inventory, and where. */
export function MinecraftEmptyState() {
  const source = useInventoryStore((store) => store.state?.source)
  const busy = useInventoryStore((store) => store.busy)
  return (
    <div className="mc-empty">
      <h2>No Minecraft server in the inventory</h2>
      <p>
        Add a service of <code>kind: minecraft</code> to the node that runs the server
        {source?.kind === 'file' && source.path ? (
          <>
            {' '}
            in <code>{source.path}</code>
          </>
        ) : null}
        . Only <code>port</code> is needed for the status; the rest adds what it names:
      </p>
      <pre className="mc-example">
        <code>{example}</code>
      </pre>
      <ul>
        <li>
          <code>rcon</code>: commands, players and TPS. Set <code>enable-rcon=true</code>, <code>rcon.port</code> and <code>rcon.password</code> in
          server.properties.
        </li>
        <li>
          <code>log</code>, or <code>unit</code> / <code>container</code>: the live log over SSH.
        </li>
        <li>
          <code>world</code> and <code>backups</code>: backups and restore.
        </li>
        <li>
          <code>unit</code> (systemd) or <code>container</code> (docker): start, stop and restart.
        </li>
      </ul>
      <button type="button" disabled={busy} onClick={() => void useInventoryStore.getState().reload()}>
        Reload inventory
      </button>
    </div>
  )
}
