import { randomBytes } from 'node:crypto'
import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'

/**
 * The lab server's server.properties: where a Pi keeps the RCON password, so the lab keeps it
 * there too and reuses it on the next start (a user exports LAB_RCON_PASSWORD once).
 */

export interface ServerPropertiesValues {
  address: string
  gamePort: number
  rconPort: number
  rconPassword: string
  /** May hold § codes, written as \u00A7 the way Minecraft saves them. */
  motd: string
  maxPlayers: number
}

function serverPropertiesPath(serverDir: string): string {
  return join(serverDir, 'server.properties')
}

/** `given`, else the password the last run wrote, else a new random one. */
export async function rconPasswordFor(serverDir: string, given?: string): Promise<string> {
  if (given) return given
  const text = await readFile(serverPropertiesPath(serverDir), 'utf8').catch(() => '')
  const saved = /^rcon\.password=(.+)$/m.exec(text)?.[1]?.trim()
  return saved || randomBytes(12).toString('hex')
}

export async function writeServerProperties(serverDir: string, values: ServerPropertiesValues): Promise<void> {
  const motd = values.motd.replace(/[^\x20-\x7e]/g, (character) => `\\u${character.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`)
  const lines = [
    '#Minecraft server properties',
    `#${new Date().toUTCString()}`,
    'enable-rcon=true',
    'broadcast-rcon-to-ops=true',
    `rcon.port=${values.rconPort}`,
    `rcon.password=${values.rconPassword}`,
    `server-ip=${values.address}`,
    `server-port=${values.gamePort}`,
    `max-players=${values.maxPlayers}`,
    `motd=${motd}`,
    'online-mode=false',
    'level-name=world',
    'view-distance=2',
    ''
  ]
  await writeFile(serverPropertiesPath(serverDir), lines.join('\n'), { mode: 0o600 })
}
