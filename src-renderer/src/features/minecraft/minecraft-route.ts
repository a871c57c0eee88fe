import { ServerId } from '../../../../src-shared/minecraft'

/** "#/minecraft/pi-primary/minecraft" → "pi-primary/minecraft"; null for the bare section or anything else. */
export function parseMinecraftServer(hash: string): string | null {
  const [section, node, service, ...rest] = hash.replace(/^#\/?/, '').split('/')
  if (section !== 'minecraft' || node === undefined || service === undefined || rest.length > 0) return null
  const serverId = `${node}/${service}`
  return ServerId.safeParse(serverId).success ? serverId : null
}

export function minecraftHash(serverId: string): string {
  return `#/minecraft/${serverId}`
}

/** The server to show: the one the address names, else the one shown last, else the first. */
export function chooseServer(serverIds: readonly string[], fromHash: string | null, remembered: string | null): string | null {
  for (const candidate of [fromHash, remembered]) if (candidate !== null && serverIds.includes(candidate)) return candidate
  return serverIds[0] ?? null
}
