import { createServer, type Socket } from 'node:net'
import { runPaperCommand, stoppingReply } from './paper-commands'
import { createPaperServer, type PaperServer, type Tps } from './paper-server'
import { assertPortFree } from './net'

/**
 * An RCON server that behaves as Minecraft's (RconThread / RconClient, unchanged by Paper) on the
 * wire, answering commands as Paper 1.21.1 does (see paper-commands.ts).
 *
 * Packets are little-endian: int32 length (payload bytes + 10), int32 request id, int32 type,
 * the payload, 0x00 0x00. Each read takes at most 1460 bytes and must hold exactly one whole
 * packet: a read of fewer than 10 bytes, or whose length field is not the bytes read minus 4,
 * closes the connection. So does a packet over 1460 bytes (a payload over 1446), or two packets
 * that arrive together, which includes two sent while the server was busy with a command: its
 * next read takes both. Replies go out 4096 characters per packet, with no end marker. Commands
 * run one at a time on the server thread, whichever connection they came from, so a command
 * waits for a long `save-all` another connection asked for.
 */

/**
 * - `hang`: reads a packet and never answers anything again, as a stalled process does.
 * - `freeze`: answers logins (the RCON thread does that itself) but never a command, as a server
 *   whose main thread is stuck does.
 * - `drop`: closes the connection after reading a packet.
 */
export type RconFault = 'none' | 'hang' | 'freeze' | 'drop'

export interface RconCommandRecord {
  readonly command: string
  readonly requestId: number
  /** Epoch milliseconds when the packet was read. */
  readonly at: number
}

export interface StartRconOptions {
  address: string
  port: number
  /** rcon.password; an empty one never matches, as on a real server. */
  password: string
  /** The server commands run on; a fresh one (nobody online, 20 TPS) when not given. */
  server?: PaperServer
  /**
   * The server halting after `stop` answered: every RCON connection is closed at once, then this
   * runs (a container's exit); without it the emulator closes its listener too.
   */
  onStop?: () => void
}

export interface RconEmulator {
  readonly address: string
  readonly port: number
  readonly password: string
  /** The game state: players, TPS, whitelist, operators, autosave. */
  readonly server: PaperServer
  /** Read at every packet, so a test can log in first and then make commands hang. */
  fault: RconFault
  /** Players online, as `list` names them; joins and leaves are logged. */
  setPlayers(names: readonly string[]): void
  /** TPS over 1, 5 and 15 minutes, as `tps` reports them. */
  setTps(tps: Tps): void
  /** Every command logged-in clients sent, oldest first. */
  commands(): readonly RconCommandRecord[]
  /** Stops listening and closes every connection, as a stopping server does; safe to call more than once. */
  close(): Promise<void>
}

/** RconClient's read buffer (PktUtils.MAX_PACKET_SIZE). */
export const rconMaxReadBytes = 1460
/** The BufferedInputStream each read goes through takes up to this much from the socket. */
const streamBufferBytes = 8192
/** The longest payload one read can carry. */
export const rconMaxPayloadBytes = rconMaxReadBytes - 14
/** sendCmdResponse splits replies every 4096 characters. */
export const rconReplyChunkChars = 4096

const typeResponse = 0
const typeCommand = 2
const typeAuthReply = 2
const typeLogin = 3
const listenerThread = 'RCON Listener #1'

export async function startRconEmulator(options: StartRconOptions): Promise<RconEmulator> {
  const { address, port, password } = options
  const server = options.server ?? createPaperServer()
  await assertPortFree(address, port, 'RCON emulator')
  const records: RconCommandRecord[] = []
  const sockets = new Set<Socket>()
  // GenericThread numbers every thread it starts; the listener took #1.
  let threadCount = 1
  let fault: RconFault = 'none'
  let serverThread: Promise<unknown> = Promise.resolve()
  let closed: Promise<void> | undefined
  const close = (): Promise<void> => {
    closed ??= new Promise<void>((resolve) => {
      listener.close(() => resolve())
      for (const socket of sockets) socket.destroy()
    })
    return closed
  }
  const context: ClientContext = {
    server,
    password,
    records,
    fault: () => fault,
    onServerThread: (task) => {
      const turn = serverThread.then(task)
      serverThread = turn.catch(() => undefined)
      return turn
    },
    halt: () => {
      for (const socket of sockets) socket.destroy()
      if (options.onStop) options.onStop()
      else void close()
    }
  }
  const listener = createServer((socket) => {
    threadCount += 1
    sockets.add(socket)
    socket.once('close', () => sockets.delete(socket))
    serveClient(socket, context, threadCount)
  })
  await new Promise<void>((resolve, reject) => {
    listener.once('error', reject)
    listener.listen({ host: address, port }, () => {
      listener.off('error', reject)
      resolve()
    })
  })

  return {
    address,
    port,
    password,
    server,
    get fault() {
      return fault
    },
    set fault(next) {
      fault = next
    },
    setPlayers: (names) => server.setPlayers(names),
    setTps: (tps) => server.setTps(tps),
    commands: () => [...records],
    close
  }
}

interface ClientContext {
  readonly server: PaperServer
  readonly password: string
  readonly records: RconCommandRecord[]
  fault(): RconFault
  /** Runs `task` after every command asked before it, from any connection (MinecraftServer.executeBlocking). */
  onServerThread<T>(task: () => Promise<T>): Promise<T>
  /** `stop` ran: the server goes down. */
  halt(): void
}

/** One RconClient thread: reads a packet, answers it, reads the next. */
function serveClient(socket: Socket, context: ClientContext, threadNumber: number): void {
  const { server, password } = context
  const name = `RCON Client /${socket.remoteAddress ?? '127.0.0.1'}`
  const thread = `${name} #${threadNumber}`
  // The buffer outlives each read, so a short packet sees the bytes an earlier one left, as in Java.
  const buffer = Buffer.alloc(rconMaxReadBytes)
  let authed = false
  let ended = false
  server.log(`Thread ${name} started`, { thread: listenerThread })

  const shutDown = (): void => {
    if (ended) return
    ended = true
    socket.destroy()
    server.log(`Thread ${name} shutting down`, { thread })
  }
  const send = (id: number, type: number, body: string): void => {
    if (!ended) socket.write(rconPacket(id, type, body))
  }
  const sendReply = (id: number, reply: string): void => {
    let rest = reply
    do {
      send(id, typeResponse, rest.slice(0, rconReplyChunkChars))
      rest = rest.slice(rconReplyChunkChars)
    } while (rest.length > 0)
  }

  /** One read of RconClient.run(); resolves false when the connection must not read again. */
  const handleRead = async (chunk: Buffer): Promise<boolean> => {
    const fault = context.fault()
    if (fault === 'drop') return false
    if (fault === 'hang') return new Promise<boolean>(() => undefined)
    const read = Math.min(chunk.length, rconMaxReadBytes)
    // Bytes past one read stay in the BufferedInputStream that RconClient drops after each read.
    chunk.copy(buffer, 0, 0, read)
    if (read < 10 || buffer.readInt32LE(0) !== read - 4) return false
    const id = buffer.readInt32LE(4)
    const type = buffer.readInt32LE(8)
    if (type === typeLogin) {
      const given = payloadText(buffer, read)
      if (given === undefined) return parseFailure()
      authed = given !== '' && given === password
      send(authed ? id : -1, typeAuthReply, '')
      return true
    }
    if (type !== typeCommand) {
      sendReply(id, `Unknown request ${(type >>> 0).toString(16)}`)
      return true
    }
    if (!authed) {
      send(-1, typeAuthReply, '')
      return true
    }
    const command = payloadText(buffer, read)
    if (command === undefined) return parseFailure()
    context.records.push({ command, requestId: id, at: Date.now() })
    if (fault === 'freeze') return new Promise<boolean>(() => undefined)
    const reply = await context
      .onServerThread(() => runPaperCommand(server, command))
      .catch((error: unknown) => `Error executing: ${command} (${error instanceof Error ? error.message : String(error)})`)
    sendReply(id, reply)
    if (reply !== stoppingReply) return true
    // The reply is out; the server's shutdown closes this connection before it reads again.
    await new Promise<void>((resolve) => socket.end(resolve))
    context.halt()
    return false
  }
  const parseFailure = (): false => {
    server.log('Exception whilst parsing RCON input', { thread, level: 'ERROR' })
    return false
  }

  // The thread reads again only once it has answered: whatever came meanwhile is its next read, whole.
  let busy = false
  let waiting: Buffer[] = []
  const read = (chunk: Buffer): void => {
    busy = true
    void handleRead(chunk).then((again) => {
      busy = false
      if (!again) {
        shutDown()
        return
      }
      socket.resume()
      if (waiting.length === 0) return
      const next = Buffer.concat(waiting)
      waiting = []
      read(next)
    })
  }
  socket.on('data', (chunk: Buffer) => {
    if (!busy) {
      read(chunk)
      return
    }
    waiting.push(chunk)
    // A thread that is not reading leaves the rest in the socket, and the sender waits.
    if (waiting.reduce((total, each) => total + each.length, 0) >= streamBufferBytes) socket.pause()
  })
  socket.once('end', shutDown)
  socket.once('error', shutDown)
  socket.once('close', shutDown)
}

/** PktUtils.stringFromByteArray: up to the first NUL or the read's last byte; undefined where Java throws. */
function payloadText(buffer: Buffer, read: number, offset = 12): string | undefined {
  const max = read - 1
  let end = offset > max ? max : offset
  while (buffer[end] !== 0 && end < max) end += 1
  return end < offset ? undefined : buffer.toString('utf8', offset, end)
}

/** One packet as RconClient.send writes it. */
export function rconPacket(id: number, type: number, body: string): Buffer {
  const payload = Buffer.from(body, 'utf8')
  const bytes = Buffer.alloc(payload.length + 14)
  bytes.writeInt32LE(payload.length + 10, 0)
  bytes.writeInt32LE(id, 4)
  bytes.writeInt32LE(type, 8)
  payload.copy(bytes, 12)
  return bytes
}
