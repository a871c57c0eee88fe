import { connect, type Socket } from 'node:net'
import { errorCode, networkReason } from '../health/probes/network-reason'
import { encodePacket, maxPayloadBytes, packetType, RconFrameReader, RconProtocolError, type RconPacket } from './rcon-packet'

/** Why an RCON call failed, in the user's words. */
export class RconError extends Error {}

/** The socket closed under the connection (a server restart, a kick). */
class RconClosedError extends RconError {}

/** The socket failed under the connection (a reset, a refused connect). */
class RconSocketError extends RconError {}

export interface RconAddress {
  readonly host: string
  readonly port: number
}

type Waiter = { resolve: (packet: RconPacket) => void; reject: (error: Error) => void }

/** Ids grow from 1 and wrap before int32 ends; -1 is the server's "not logged in". */
const maxRequestId = 0x7fff_ffff

/**
 * One logged-in TCP connection to a server's RCON. It sends one packet and waits for the server
 * to answer before the next: the server reads at most 1460 bytes per packet, and two packets in
 * one read close the connection.
 */
export class RconConnection {
  private readonly reader = new RconFrameReader()
  private readonly inbox: RconPacket[] = []
  private waiter: Waiter | undefined
  private ended: Error | undefined
  private lastId = 0

  private constructor(
    private readonly socket: Socket,
    readonly address: RconAddress
  ) {
    socket.on('data', (chunk: Buffer) => this.received(chunk))
    socket.on('error', (error) => this.end(new RconSocketError(describeSocketError(error, address))))
    socket.on('close', () => this.end(new RconClosedError('the server closed the RCON connection')))
  }

  /** Connects and logs in; rejects with the reason in words and leaves nothing open. */
  static async open(address: RconAddress, password: string, timeoutMs: number): Promise<RconConnection> {
    if (Buffer.byteLength(password) > maxPayloadBytes) throw new RconError(`the RCON password is longer than ${maxPayloadBytes} bytes, which the server cannot read`)
    const socket = connect({ host: address.host, port: address.port })
    socket.setNoDelay(true)
    const connection = new RconConnection(socket, address)
    const timer = setTimeout(() => connection.destroy(new RconError(`RCON at ${address.host}:${address.port} did not answer within ${Math.round(timeoutMs / 1000)} s`)), timeoutMs)
    try {
      await new Promise<void>((resolve, reject) => {
        socket.once('connect', resolve)
        socket.once('close', () => reject(connection.ended ?? new RconError('the server closed the RCON connection')))
      })
      await connection.login(password)
      return connection
    } catch (error) {
      connection.destroy(error instanceof Error ? error : new RconError(String(error)))
      throw connection.ended ?? error
    } finally {
      clearTimeout(timer)
    }
  }

  get open(): boolean {
    return this.ended === undefined
  }

  /**
   * Sends `command` and returns its whole reply. Replies come in chunks of 4096 characters with no
   * end marker, so once the first chunk is in, a second packet of a type the server does not know
   * follows: the server answers it ("Unknown request 0") only after every chunk of the command.
   */
  async execute(command: string, timeoutMs: number): Promise<string> {
    const timer = setTimeout(() => this.destroy(new RconError(`the server did not answer "${command}" within ${Math.round(timeoutMs / 1000)} s`)), timeoutMs)
    let markerId: number | undefined
    let reply = ''
    try {
      const commandId = this.send(packetType.command, command)
      for (;;) {
        const packet = await this.nextPacket()
        if (packet.id === -1) throw new RconError('the server says this RCON connection is not logged in')
        if (packet.id === commandId && packet.type === packetType.response) {
          reply += packet.payload
          markerId ??= this.send(packetType.response, '')
        } else if (markerId !== undefined && packet.id === markerId) {
          return reply
        } else {
          throw new RconProtocolError(`the server answered request ${packet.id}, which was not asked`)
        }
      }
    } catch (error) {
      this.destroy(error instanceof Error ? error : new RconError(String(error)))
      // A stopping server answers `stop` and then drops RCON, closed or reset, before it answers the end marker: the reply is whole.
      const peerEnded = this.ended instanceof RconClosedError || this.ended instanceof RconSocketError
      if (peerEnded && markerId !== undefined && haltsServer(command)) return reply
      if (!(this.ended instanceof RconClosedError)) throw this.ended ?? error
      throw new RconError(`the server closed the RCON connection ${markerId === undefined ? 'before answering' : 'in the middle of the reply to'} "${command}"`)
    } finally {
      clearTimeout(timer)
    }
  }

  /** Closes the socket; whatever waits fails with `reason`. */
  destroy(reason: Error = new RconError('the RCON connection was closed')): void {
    this.end(reason)
    this.socket.destroy()
  }

  private async login(password: string): Promise<void> {
    const loginId = this.send(packetType.login, password)
    for (;;) {
      const packet = await this.nextPacket()
      // Some servers send an empty response before the login's answer.
      if (packet.type === packetType.response && packet.id === loginId) continue
      if (packet.type === packetType.command && packet.id === -1) throw new RconError('the RCON password was refused')
      if (packet.type === packetType.command && packet.id === loginId) return
      throw new RconError('the server answered the login with something that is not RCON')
    }
  }

  private send(type: number, payload: string): number {
    if (this.ended) throw this.ended
    this.lastId = this.lastId >= maxRequestId ? 1 : this.lastId + 1
    this.socket.write(encodePacket({ id: this.lastId, type, payload }))
    return this.lastId
  }

  private nextPacket(): Promise<RconPacket> {
    const packet = this.inbox.shift()
    if (packet) return Promise.resolve(packet)
    if (this.ended) return Promise.reject(this.ended)
    return new Promise((resolve, reject) => (this.waiter = { resolve, reject }))
  }

  private received(chunk: Buffer): void {
    let packets: RconPacket[]
    try {
      packets = this.reader.push(chunk)
    } catch (error) {
      this.destroy(new RconError(`the server sent something that is not RCON: ${(error as Error).message}`))
      return
    }
    this.inbox.push(...packets)
    const waiter = this.waiter
    if (!waiter || this.inbox.length === 0) return
    this.waiter = undefined
    waiter.resolve(this.inbox.shift() as RconPacket)
  }

  private end(reason: Error): void {
    if (this.ended) return
    this.ended = reason
    const waiter = this.waiter
    this.waiter = undefined
    waiter?.reject(reason)
  }
}

function haltsServer(command: string): boolean {
  return /^\/?(minecraft:)?(stop|restart)$/i.test(command.trim())
}

function describeSocketError(error: Error, address: RconAddress): string {
  const where = `${address.host}:${address.port}`
  const code = errorCode(error)
  if (code === 'ECONNREFUSED') return `connection refused at ${where}: is RCON enabled (enable-rcon=true, rcon.port=${address.port})?`
  const reason = networkReason(code)
  return reason === undefined ? `RCON at ${where} failed: ${error.message}` : `RCON at ${where}: ${reason}`
}
