// A flying-squid Minecraft server, run by lab/minecraft.ts in a worker thread of its own:
// flying-squid puts the process's stdin in raw mode behind a "> " prompt and hooks SIGINT to exit,
// which would swallow the lab's Ctrl+C. In a worker, stdin is not a terminal and signals never arrive.
import { createRequire } from 'node:module'
import { parentPort, workerData } from 'node:worker_threads'

const { address, port, motd, maxPlayers, version } = workerData
/** How many players a status reply names; vanilla and Paper name up to 12. */
let sampleSize = 12

const { createMCServer } = createRequire(import.meta.url)('flying-squid')
const server = createMCServer({
  'online-mode': false,
  port,
  host: address,
  logging: false,
  noConsoleOutput: true,
  // A debug hook keeps flying-squid from installing process-wide error handlers that exit.
  debug: () => undefined,
  motd,
  'max-players': maxPlayers,
  plugins: {},
  'player-list-text': { header: '', footer: '' },
  'everybody-op': false,
  'view-distance': 2,
  generation: { name: 'superflat', options: {} },
  kickTimeout: 10_000,
  modpe: false,
  version,
  // minecraft-protocol answers pings with an empty sample; name the players as vanilla does.
  beforePing: (response) => {
    response.players.sample = server.players.slice(0, sampleSize).map((player) => ({ name: player.username, id: player.uuid }))
    return response
  }
})

server.once('listening', () => parentPort.postMessage({ type: 'listening' }))
server.once('error', (error) => parentPort.postMessage({ type: 'error', message: error instanceof Error ? error.message : String(error) }))

parentPort.on('message', (message) => {
  if (message.type === 'sample-size') {
    sampleSize = message.count
    parentPort.postMessage({ type: 'sample-size-set' })
  } else if (message.type === 'quit') {
    // Kicks every player with "Server closed" and stops listening, as /stop would.
    server.quit().finally(() => parentPort.postMessage({ type: 'quit-done' }))
  }
})
