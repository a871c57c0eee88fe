import type { Inventory, SecretRef } from '../../../src-shared/inventory'
import type { EventHub } from '../events'
import type { NodeExec } from '../health/probes/node-command'
import type { Handlers } from '../rpc/dispatcher'
import type { ConnectionPool } from '../ssh/connection-pool'
import type { StoreDatabase } from '../store/database'
import type { SettingsStore } from '../store/settings'
import { BackupRuns } from './backup-runs'
import { BackupSchedules } from './backup-schedule'
import { BackupService } from './backup-service'
import { CommandHistory } from './command-history'
import { defaultLogPace, type LogPace } from './log-stream'
import { LogStreams } from './log-streams'
import { minecraftServersOf, serverInfo, type MinecraftServer } from './minecraft-servers'
import { readProcessState } from './process-state'
import { RconClient, type RconTimeouts } from './rcon-client'
import { RconError } from './rcon-connection'
import { controlServer } from './server-control'
import { pingServer } from './server-ping'
import { readServerStatus } from './server-status'

/** What tests may shorten. */
export interface MinecraftTuning {
  readonly rcon?: Partial<RconTimeouts>
  readonly log?: Partial<LogPace>
  readonly pingTimeoutMs?: number
}

export interface MinecraftOptions {
  readonly db: StoreDatabase
  readonly settings: SettingsStore
  readonly events: EventHub
  readonly pool: Pick<ConnectionPool, 'acquire' | 'exec' | 'retain'>
  /** The value of an inventory secret reference, undefined when it is not set. */
  readonly resolveSecret: (ref: SecretRef) => Promise<string | undefined>
  readonly tuning?: MinecraftTuning
}

type MinecraftHandlerName = Extract<keyof Handlers, `minecraft.${string}`>

export interface MinecraftFeature {
  readonly handlers: Pick<Handlers, MinecraftHandlerName>
  apply(inventory: Inventory): void
  /** A page went away: the logs it opened stop following; every log when no page is named. */
  closeLogs(caller?: string): void
  close(): void
}

const processTimeoutMs = 10_000

/** The Minecraft console: status, RCON commands and their history, the live log, start/stop, backups. */
export function createMinecraft(options: MinecraftOptions): MinecraftFeature {
  const { events, pool, tuning = {} } = options
  const exec: NodeExec = (nodeId, command, execOptions) => pool.exec(nodeId, command, execOptions)
  let servers = new Map<string, MinecraftServer>()
  const rconClients = new Map<string, { key: string; client: RconClient }>()
  const history = new CommandHistory(options.db)
  const runs = new BackupRuns((run) => events.emit('minecraft.backup', run))
  const logs = new LogStreams({
    acquire: (nodeId) => pool.acquire(nodeId),
    retain: (nodeId) => pool.retain(nodeId),
    emitLines: (lines) => events.emit('minecraft.log', lines),
    emitState: (state) => events.emit('minecraft.logState', state),
    pace: { ...defaultLogPace, ...tuning.log }
  })
  const schedules = new BackupSchedules({
    settings: options.settings,
    run: (serverId) => {
      const target = servers.get(serverId)
      // A run under way (a manual one, a restore) takes this turn.
      if (!target || runs.isBusy(serverId)) return
      try {
        backups.backup(target, true)
      } catch (error) {
        // Nobody is there to see a thrown error: the run list shows why the scheduled backup did not run.
        runs.begin(target.id, target.name, 'backup', 'save-off', true).failed('save-off', error instanceof Error ? error.message : String(error))
      }
    }
  })
  const backups = new BackupService({ runs, exec, acquire: (nodeId) => pool.acquire(nodeId), rcon: rconOf, keep: (serverId) => schedules.get(serverId).keep })

  function server(serverId: string): MinecraftServer {
    const found = servers.get(serverId)
    if (!found) throw new Error(`there is no Minecraft server "${serverId}" in the inventory`)
    return found
  }

  function rconOf(target: MinecraftServer): RconClient | null {
    const rcon = target.rcon
    if (!rcon) return null
    const key = `${target.host}:${rcon.port}:${rcon.password}`
    const known = rconClients.get(target.id)
    if (known?.key === key) return known.client
    if (known) retire(target.id, known.client)
    const client = new RconClient({
      host: target.host,
      port: rcon.port,
      password: async () => {
        const password = await options.resolveSecret(rcon.password)
        if (password === undefined) throw new RconError(`the RCON password ${rcon.password} is not set`)
        return password
      },
      ...(tuning.rcon && { timeouts: tuning.rcon })
    })
    rconClients.set(target.id, { key, client })
    return client
  }

  /** A client a backup under way uses is left to close itself once idle: the backup's save-on must still get through. */
  function retire(serverId: string, client: RconClient): void {
    if (!runs.isBusy(serverId)) client.close()
  }

  const status = (target: MinecraftServer) =>
    readServerStatus(target, {
      ping: (each) => pingServer(each.host, each.port, tuning.pingTimeoutMs ?? 5000),
      rcon: rconOf,
      process: async (each) => (each.control ? readProcessState(exec, each.nodeId, each.control, processTimeoutMs) : null),
      now: Date.now
    })

  const handlers: MinecraftFeature['handlers'] = {
    'minecraft.servers': () => [...servers.values()].map(serverInfo),
    'minecraft.status': ({ serverId }) => status(server(serverId)),
    'minecraft.openLog': ({ serverId }, caller) => ({ logId: logs.start(server(serverId), caller) }),
    'minecraft.closeLog': ({ logId }) => {
      logs.stop(logId)
      return {}
    },
    'minecraft.command': async ({ serverId, command }) => {
      const target = server(serverId)
      const rcon = rconOf(target)
      if (!rcon) throw new Error(`${target.name} has no RCON: add rcon with its port and password to the service in the inventory`)
      history.add(serverId, command)
      return { command, reply: await rcon.command(command), at: Date.now() }
    },
    'minecraft.history': ({ serverId }) => history.list(serverId),
    'minecraft.control': async ({ serverId, action }) => {
      const target = server(serverId)
      if (!target.control) throw new Error(`${target.name} has no unit or container in the inventory to ${action} it with`)
      // A restore swaps the world folder under a stopped server; a backup archives it while saving is off.
      if (runs.isBusy(serverId)) throw new Error(`${target.name} has a backup or restore under way: wait until it ends to ${action} the server`)
      await controlServer(exec, target.nodeId, target.control, action)
      return status(target)
    },
    'minecraft.backups': ({ serverId }) => backups.list(server(serverId)),
    'minecraft.backup': ({ serverId }) => backups.backup(server(serverId)),
    'minecraft.restore': ({ serverId, file, confirm }) => backups.restore(server(serverId), file, confirm),
    'minecraft.runs': () => runs.list(),
    'minecraft.schedule': ({ serverId }) => schedules.get(server(serverId).id),
    'minecraft.setSchedule': ({ serverId, schedule }) => schedules.set(server(serverId).id, schedule)
  }

  return {
    handlers,
    apply(inventory) {
      const previous = servers
      servers = new Map(minecraftServersOf(inventory).map((each) => [each.id, each]))
      for (const [serverId, { client }] of rconClients) {
        if (servers.has(serverId)) continue
        retire(serverId, client)
        rconClients.delete(serverId)
      }
      const logChanged = (serverId: string) => {
        const before = previous.get(serverId)
        const now = servers.get(serverId)
        return !now || !before || now.nodeId !== before.nodeId || JSON.stringify(now.log) !== JSON.stringify(before.log)
      }
      logs.stopWhere(logChanged, 'the server or its log changed in the inventory')
      schedules.apply([...servers.keys()])
    },
    closeLogs: (caller) => logs.stopAll(caller),
    close() {
      schedules.close()
      logs.stopAll()
      for (const [serverId, { client }] of rconClients) {
        // A backup cut short by the app closing must not leave the server with saving off.
        if (runs.isBusy(serverId)) void client.command('save-on').catch(() => undefined).finally(() => client.close())
        else client.close()
      }
      rconClients.clear()
    }
  }
}
