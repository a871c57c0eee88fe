import { startMinecraft, type MinecraftServer } from './minecraft'
import { latestLogPath, openLatestLog, type LatestLog } from './minecraft-log'
import { minecraftFolders, type MinecraftFolders } from './minecraft-world'
import { startActivity, type Activity } from './paper-activity'
import { logBoot, logClosed, logDone, logStopping } from './paper-lines'
import { createPaperServer, paperVersion, type PaperServer } from './paper-server'
import { startRconEmulator, type RconCommandRecord, type RconEmulator } from './rcon'
import { writeServerProperties } from './server-properties'

/**
 * The lab's Paper server as the container the Docker engine emulator runs: starting it opens a
 * fresh latest.log, the game port (flying-squid, for the Server List Ping) and RCON; stopping it
 * logs Paper's shutdown and closes both ports, so a stopped server refuses connections.
 * Whitelist, operators and TPS outlive a restart; autosave comes back on, as on a real server.
 */

export interface MinecraftContainerOptions {
  /** Holds server.properties, world/, backups/ and logs/ (see minecraft-world.ts). */
  serverDir: string
  address: string
  gamePort: number
  rconPort: number
  rconPassword: string
  /** May hold § colour codes. */
  motd: string
  maxPlayers: number
  /** A step of activity (see paper-activity.ts) this often while running; 2000 unless told, 0 for none. */
  activityMs?: number
}

export interface MinecraftContainer {
  readonly address: string
  readonly gamePort: number
  readonly rconPort: number
  readonly rconPassword: string
  /** The game version the server speaks and logs. */
  readonly version: string
  readonly folders: MinecraftFolders
  readonly logPath: string
  /** Players, TPS, whitelist, operators: the state RCON commands act on. */
  readonly paper: PaperServer
  isRunning(): boolean
  /** The running RCON emulator (to set a fault); undefined while stopped. */
  rcon(): RconEmulator | undefined
  /** Every command RCON ran, across restarts, oldest first. */
  commands(): readonly RconCommandRecord[]
  /** Changes how often activity happens from now on; 0 for none. */
  setActivity(intervalMs: number): void
  /** Both resolve once the ports are open (start) or closed (stop); each does nothing when already done. */
  start(): Promise<void>
  stop(): Promise<void>
  /** `listener` runs when the server goes down by itself (`stop` over RCON), once its ports are closed. */
  onExit(listener: () => void): void
}

interface Running {
  log: LatestLog
  game?: MinecraftServer
  rcon?: RconEmulator
  activity?: Activity
}

export function createMinecraftContainer(options: MinecraftContainerOptions): MinecraftContainer {
  const { serverDir, address, gamePort, rconPort, rconPassword, motd, maxPlayers } = options
  const paper = createPaperServer({ maxPlayers })
  const earlierCommands: RconCommandRecord[] = []
  let activityMs = options.activityMs ?? 2000
  let running: Running | undefined
  let exitListener: (() => void) | undefined
  // Starts and stops take turns, as the engine's per-container lock makes them.
  let queue: Promise<unknown> = Promise.resolve()
  const inTurn = (step: () => Promise<void>): Promise<void> => {
    const turn = queue.then(step)
    queue = turn.catch(() => undefined)
    return turn
  }

  const start = async (): Promise<void> => {
    if (running) return
    const began = Date.now()
    await writeServerProperties(serverDir, { address, gamePort, rconPort, rconPassword, motd, maxPlayers })
    const now: Running = { log: await openLatestLog(serverDir, paper) }
    running = now
    paper.autosave = true
    try {
      logBoot(paper, address, gamePort)
      now.game = await startMinecraft({ address, port: gamePort, motd, maxPlayers, version: paperVersion })
      paper.log('Starting remote control listener')
      now.rcon = await startRconEmulator({ address, port: rconPort, password: rconPassword, server: paper, onStop: () => void exitedByItself(now) })
      paper.log('Thread RCON Listener started')
      paper.log(`RCON running on ${address}:${rconPort}`)
      logDone(paper, Date.now() - began)
      if (activityMs > 0) now.activity = startActivity(paper, activityMs)
    } catch (error) {
      paper.log(`Failed to start the minecraft server: ${error instanceof Error ? error.message : String(error)}`, { level: 'ERROR' })
      await shutDown(now)
      throw error
    }
  }

  const exitedByItself = (now: Running) =>
    inTurn(async () => {
      if (running !== now) return
      await shutDown(now)
      exitListener?.()
    })

  const shutDown = async (now: Running): Promise<void> => {
    now.activity?.stop()
    logStopping(paper)
    await now.game?.close()
    if (now.rcon) {
      paper.log('Thread RCON Listener stopped')
      earlierCommands.push(...now.rcon.commands())
      await now.rcon.close()
    }
    logClosed(paper)
    await now.log.close()
    running = undefined
  }

  return {
    address,
    gamePort,
    rconPort,
    rconPassword,
    version: paperVersion,
    folders: minecraftFolders(serverDir),
    logPath: latestLogPath(serverDir),
    paper,
    isRunning: () => running !== undefined,
    rcon: () => running?.rcon,
    commands: () => [...earlierCommands, ...(running?.rcon?.commands() ?? [])],
    setActivity(intervalMs) {
      activityMs = intervalMs
      if (!running) return
      running.activity?.stop()
      running.activity = intervalMs > 0 ? startActivity(paper, intervalMs) : undefined
    },
    start: () => inTurn(start),
    stop: () => inTurn(async () => (running ? shutDown(running) : undefined)),
    onExit: (listener) => {
      exitListener = listener
    }
  }
}
