import type { Inventory, SecretRef, Service } from '../../../src-shared/inventory'
import type { MinecraftServerInfo, ServerControl } from '../../../src-shared/minecraft'

type MinecraftService = Extract<Service, { kind: 'minecraft' }>

export type LogSource = NonNullable<MinecraftServerInfo['log']>

/** A `kind: minecraft` service of the inventory, with everything the console does with it. */
export interface MinecraftServer {
  readonly id: string
  readonly nodeId: string
  readonly name: string
  readonly host: string
  readonly port: number
  readonly rcon: { readonly port: number; readonly password: SecretRef } | null
  readonly log: LogSource | null
  readonly world: string | null
  readonly backups: string | null
  readonly control: ServerControl | null
}

/** Every Minecraft server of the inventory; planned or retired (disabled) nodes have none. */
export function minecraftServersOf(inventory: Inventory): MinecraftServer[] {
  return inventory.nodes.flatMap((node) =>
    node.disabled
      ? []
      : node.services
          .filter((service): service is MinecraftService => service.kind === 'minecraft')
          .map((service) => ({
            id: `${node.id}/${service.id}`,
            nodeId: node.id,
            name: `${node.name} › ${service.name ?? service.id}`,
            host: node.host,
            port: service.port,
            rcon: service.rcon ? { port: service.rcon.port, password: service.rcon.password } : null,
            log: logSourceOf(service),
            world: service.world ?? null,
            backups: service.backups ?? null,
            control: controlOf(service)
          }))
  )
}

export function serverInfo(server: MinecraftServer): MinecraftServerInfo {
  return {
    id: server.id,
    nodeId: server.nodeId,
    name: server.name,
    host: server.host,
    port: server.port,
    rcon: server.rcon !== null,
    log: server.log,
    backups: server.world !== null && server.backups !== null,
    control: server.control
  }
}

/** The log file when one is named; else the unit's journal or the container's output. */
function logSourceOf(service: MinecraftService): LogSource | null {
  if (service.log !== undefined) return { kind: 'file', name: service.log }
  if (service.unit !== undefined) return { kind: 'journald', name: service.unit }
  if (service.container !== undefined) return { kind: 'docker', name: service.container }
  return null
}

/** A unit wins over a container: a container started by a unit is stopped through the unit. */
function controlOf(service: MinecraftService): ServerControl | null {
  if (service.unit !== undefined) return { kind: 'systemd', name: service.unit }
  if (service.container !== undefined) return { kind: 'docker', name: service.container }
  return null
}
