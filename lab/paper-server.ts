import { createHash } from 'node:crypto'

/**
 * The game-side state of the lab's Paper server, shared by its RCON emulator (which runs commands
 * on it) and its latest.log writer (which writes what it logs): who is online, the TPS, the
 * whitelist, the operators and whether autosave is on.
 */

export type Tps = readonly [number, number, number]

/** One line as Paper logs it: the thread, the level and the message (which may hold § or ANSI codes). */
export interface PaperLogLine {
  readonly thread: string
  readonly level: 'INFO' | 'WARN' | 'ERROR'
  readonly message: string
}

export interface PaperServerOptions {
  /** 20 unless told otherwise. */
  maxPlayers?: number
  /** Online at start, without join lines. */
  players?: readonly string[]
  /** 20.0 over every window unless told otherwise. */
  tps?: Tps
  /** How long `save-all` keeps the server busy; a real save blocks the server thread for a while. */
  saveMs?: number
}

export interface PaperServer {
  /** The game version, as `version` and the startup log say it. */
  readonly version: string
  readonly maxPlayers: number
  readonly saveMs: number
  players(): readonly string[]
  /** Joins and disconnects players so that exactly `names` are online, logging each as Paper does. */
  setPlayers(names: readonly string[]): void
  /** Disconnects one player with `reason` ("Disconnected", "Kicked by an operator"); false when not online. */
  disconnect(name: string, reason: string): boolean
  tps(): Tps
  setTps(tps: Tps): void
  /** Offline-mode names, as `whitelist add` and `op` store them. */
  readonly whitelist: Set<string>
  readonly ops: Set<string>
  /** Off after `save-off`; a restart turns it back on, as `save-off` is not saved anywhere. */
  autosave: boolean
  whitelistEnabled: boolean
  /** Logs a line on `thread` (the server thread unless told), for every listener. */
  log(message: string, options?: { thread?: string; level?: PaperLogLine['level'] }): void
  /** Calls `listener` with every line logged from now on; returns how to stop. */
  onLog(listener: (line: PaperLogLine) => void): () => void
}

export const paperVersion = '1.21.1'
export const serverThread = 'Server thread'

export function createPaperServer(options: PaperServerOptions = {}): PaperServer {
  const online: string[] = [...(options.players ?? [])]
  let tps: Tps = options.tps ?? [20, 20, 20]
  const listeners = new Set<(line: PaperLogLine) => void>()
  // Entity ids count up from the world's own entities, as they do on a real server.
  let nextEntityId = 187
  let authenticatorThreads = 0

  const server: PaperServer = {
    version: paperVersion,
    maxPlayers: options.maxPlayers ?? 20,
    saveMs: options.saveMs ?? 250,
    players: () => [...online],
    setPlayers(names) {
      for (const name of online.filter((player) => !names.includes(player))) server.disconnect(name, 'Disconnected')
      for (const name of names.filter((player) => !online.includes(player))) {
        online.push(name)
        authenticatorThreads += 1
        server.log(`UUID of player ${name} is ${offlineUuid(name)}`, { thread: `User Authenticator #${authenticatorThreads}` })
        server.log(`${name} joined the game`)
        server.log(`${name}[/${playerAddress(name)}] logged in with entity id ${nextEntityId++} at ([world]${spawnPosition(name)})`)
      }
    },
    disconnect(name, reason) {
      const index = online.indexOf(name)
      if (index < 0) return false
      online.splice(index, 1)
      server.log(`${name} lost connection: ${reason}`)
      server.log(`${name} left the game`)
      return true
    },
    tps: () => tps,
    setTps(next) {
      tps = next
    },
    whitelist: new Set(),
    ops: new Set(),
    autosave: true,
    whitelistEnabled: false,
    log(message, { thread = serverThread, level = 'INFO' } = {}) {
      for (const listener of listeners) listener({ thread, level, message })
    },
    onLog(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    }
  }
  return server
}

/** The UUID an offline-mode server gives `name`: Java's UUID.nameUUIDFromBytes("OfflinePlayer:" + name). */
export function offlineUuid(name: string): string {
  const bytes = createHash('md5').update(`OfflinePlayer:${name}`, 'utf8').digest()
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x30
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80
  const hex = bytes.toString('hex')
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`
}

/** A LAN address and port that stay the same for a name, so logs read alike from run to run. */
function playerAddress(name: string): string {
  const hash = createHash('sha256').update(name).digest()
  return `192.168.1.${20 + ((hash[0] ?? 0) % 200)}:${49152 + (hash.readUInt16BE(1) % 16000)}`
}

function spawnPosition(name: string): string {
  const hash = createHash('sha256').update(`spawn:${name}`).digest()
  const coordinate = (byte: number) => ((byte % 64) - 32 + 0.5).toFixed(1)
  return `${coordinate(hash[0] ?? 0)}, 64.0, ${coordinate(hash[1] ?? 0)}`
}
