import { paperVersion, serverThread, type PaperLogLine, type PaperServer } from './paper-server'

/**
 * What Paper 1.21.1 logs while starting and stopping, with the lab's one plugin (LuckPerms),
 * in offline mode. Some messages span lines, as real ones do ("Bukkit plugins (1):\n - …"), and
 * the LuckPerms banner keeps its "§" colour codes.
 */

const paperBuild = `${paperVersion}-132-master@5b2ff9a (2024-10-19T15:37:43Z)`
const luckPerms = 'LuckPerms v5.4.141'

type Line = readonly [message: string, thread?: string, level?: PaperLogLine['level']]

function logAll(server: PaperServer, lines: readonly Line[]): void {
  for (const [message, thread = serverThread, level = 'INFO'] of lines) server.log(message, { thread, level })
}

/** From the bootstrap to the world loading, logged before the game port opens. */
export function logBoot(server: PaperServer, address: string, gamePort: number): void {
  logAll(server, [
    ['[bootstrap] Running Java 21 (OpenJDK 64-Bit Server VM 21.0.5+11-LTS; Eclipse Adoptium Temurin-21.0.5+11) on Linux 6.6.51+rpt-rpi-v8 (aarch64)', 'ServerMain'],
    [`[bootstrap] Loading Paper ${paperBuild} for Minecraft ${paperVersion}`, 'ServerMain'],
    ['[PluginInitializerManager] Initializing plugins...', 'ServerMain'],
    ['[PluginInitializerManager] Initialized 1 plugin', 'ServerMain'],
    ['[PluginInitializerManager] Bukkit plugins (1):\n - LuckPerms (5.4.141)', 'ServerMain'],
    ['Environment: Environment[sessionHost=https://sessionserver.mojang.com, servicesHost=https://api.minecraftservices.com, name=PROD]', 'ServerMain'],
    ['Loaded 1290 recipes', 'ServerMain'],
    ['Loaded 1399 advancements', 'ServerMain'],
    [`Starting minecraft server version ${paperVersion}`],
    ['Loading properties'],
    [`This server is running Paper version ${paperBuild} (Implementing API version ${paperVersion}-R0.1-SNAPSHOT)`],
    ['[spark] This server bundles the spark profiler. For more information please visit https://docs.papermc.io/paper/profiling'],
    ['Server Ping Player Sample Count: 12'],
    ['Using 4 threads for Netty based IO'],
    ['[ChunkTaskScheduler] Chunk system is using 1 I/O threads, 3 worker threads, and population gen parallelism of 3 threads'],
    ['Default game type: SURVIVAL'],
    ['Generating keypair'],
    [`Starting Minecraft server on ${address}:${gamePort}`],
    ['Using epoll channel type'],
    ['Paper: Using libdeflate (Linux aarch64) compression from Velocity.'],
    ['Paper: Using OpenSSL 3.x.x (Linux aarch64) cipher from Velocity.'],
    ['**** SERVER IS RUNNING IN OFFLINE/INSECURE MODE!', serverThread, 'WARN'],
    ['The server will make no attempt to authenticate usernames. Beware.', serverThread, 'WARN'],
    [
      'While this makes the game possible to play without internet access, it also opens up the ability for hackers to connect with any username they choose.',
      serverThread,
      'WARN'
    ],
    ['To change this, set "online-mode" to "true" in the server.properties file.', serverThread, 'WARN'],
    [`[LuckPerms] Loading server plugin ${luckPerms}`],
    ['        §b__    '],
    [`  §b|    §3|__)   §2${luckPerms.replace(' v', ' §bv')}`],
    ['  §b|___ §3|      §8Running on Bukkit - Paper'],
    [''],
    ['[LuckPerms] Loading configuration...'],
    ['Preparing level "world"'],
    ['Preparing start region for dimension minecraft:overworld'],
    ['Time elapsed: 812 ms'],
    [`[LuckPerms] Enabling ${luckPerms}`],
    ['[LuckPerms] Performing initial data load...'],
    ['[LuckPerms] Successfully enabled. (took 1204ms)']
  ])
}

/** The last lines of a start; `elapsedMs` is how long the start took. */
export function logDone(server: PaperServer, elapsedMs: number): void {
  logAll(server, [['Running delayed init tasks'], [`Done (${(elapsedMs / 1000).toFixed(3)}s)! For help, type "help"`]])
}

/** A stop up to the saved world: "stop" as the container's runner sends it on SIGTERM, players kicked. */
export function logStopping(server: PaperServer): void {
  logAll(server, [['Stopping the server'], ['Stopping server'], [`[LuckPerms] Disabling ${luckPerms}`], ['Saving players']])
  for (const player of server.players()) server.disconnect(player, 'Server closed')
  logAll(server, [
    ['Saving worlds'],
    ["Saving chunks for level 'ServerLevel[world]'/minecraft:overworld"],
    ["[ChunkHolderManager] Waiting 60s for chunk system to halt for world 'world'"],
    ["[ChunkHolderManager] Halted chunk system for world 'world'"],
    ["[ChunkHolderManager] Saving all chunkholders for world 'world'"],
    ["[ChunkHolderManager] Saved 441 block chunks, 441 entity chunks, 0 poi chunks in world 'world' in 0.09s"],
    ['ThreadedAnvilChunkStorage (world): All chunks are saved'],
    ['ThreadedAnvilChunkStorage: All dimensions are saved']
  ])
}

/** The very last lines, once the listeners are closed. */
export function logClosed(server: PaperServer): void {
  logAll(server, [['Flushing Chunk IO'], ['Closing Thread Pool'], ['Closing Server']])
}
