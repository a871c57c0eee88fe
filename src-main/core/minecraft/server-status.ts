import type { MinecraftStatus, ProcessState } from '../../../src-shared/minecraft'
import type { MinecraftServer } from './minecraft-servers'
import { parseList, parseTps } from './paper-replies'
import type { RconClient } from './rcon-client'
import type { PingResult } from './server-ping'

export interface StatusSources {
  ping(server: MinecraftServer): Promise<PingResult>
  /** The server's RCON client, or null when the inventory gives it none. */
  rcon(server: MinecraftServer): RconClient | null
  /** Its unit's or container's state, or null when neither is configured. */
  process(server: MinecraftServer): Promise<ProcessState | null>
  now(): number
}

type RconReading = Pick<MinecraftStatus, 'rcon' | 'tps'> & { players: readonly string[] | null; online: number | null; max: number | null }

/** Ping, RCON `list` and `tps`, and the process state, asked at once. */
export async function readServerStatus(server: MinecraftServer, sources: StatusSources): Promise<MinecraftStatus> {
  const [ping, rcon, process] = await Promise.all([sources.ping(server), readRcon(sources.rcon(server)), sources.process(server)])
  return {
    serverId: server.id,
    checkedAt: sources.now(),
    online: ping.ok,
    pingError: ping.ok ? null : ping.reason,
    version: ping.ok ? ping.version : null,
    motd: ping.ok ? ping.motd : null,
    playersOnline: rcon.online ?? (ping.ok ? ping.online : null),
    playersMax: rcon.max ?? (ping.ok ? ping.max : null),
    players: [...(rcon.players ?? (ping.ok ? ping.sample : []))],
    latencyMs: ping.ok ? ping.latencyMs : null,
    tps: rcon.tps,
    rcon: rcon.rcon,
    process
  }
}

async function readRcon(client: RconClient | null): Promise<RconReading> {
  const none = { tps: null, players: null, online: null, max: null }
  if (!client) return { ...none, rcon: { state: 'not-configured', message: null } }
  try {
    const list = parseList(await client.command('list'))
    // Vanilla has no `tps`: its "Unknown or incomplete command" reads as no figures.
    const tps = parseTps(await client.command('tps'))
    return { rcon: { state: 'ok', message: null }, tps, players: list?.names ?? null, online: list?.online ?? null, max: list?.max ?? null }
  } catch (error) {
    return { ...none, rcon: { state: 'error', message: error instanceof Error ? error.message : String(error) } }
  }
}
