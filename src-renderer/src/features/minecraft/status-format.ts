import type { MinecraftServerInfo, MinecraftStatus } from '../../../../src-shared/minecraft'

export type TpsLevel = 'good' | 'warn' | 'bad'

/** 20 ticks a second is a healthy server; under 15 players feel it. */
export function tpsLevel(tps: number): TpsLevel {
  return tps >= 19 ? 'good' : tps >= 15 ? 'warn' : 'bad'
}

export function formatTps(tps: number): string {
  return Number.isFinite(tps) ? tps.toFixed(1) : '—'
}

export function formatPlayers(status: MinecraftStatus): string {
  if (status.playersOnline === null) return '—'
  return status.playersMax === null ? String(status.playersOnline) : `${status.playersOnline} / ${status.playersMax}`
}

export function rconText(rcon: MinecraftStatus['rcon']): string {
  if (rcon.state === 'ok') return 'connected'
  if (rcon.state === 'not-configured') return rcon.message ?? 'not configured'
  return rcon.message ?? 'failed'
}

/** "systemd unit minecraft.service" or "docker container mc". */
export function controlName(control: NonNullable<MinecraftServerInfo['control']>): string {
  return control.kind === 'systemd' ? `systemd unit ${control.name}` : `docker container ${control.name}`
}
