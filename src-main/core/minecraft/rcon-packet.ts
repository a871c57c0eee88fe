/**
 * The RCON wire format (PROTOCOLS.md, Minecraft): little-endian int32 length (payload bytes + 10),
 * int32 request id, int32 type, the UTF-8 payload, then two zero bytes.
 */

export const packetType = {
  /** A command's reply (server → console); to the server, a type it does not know. */
  response: 0,
  /** A command (console → server) and the login's answer (server → console). */
  command: 2,
  login: 3
} as const

export interface RconPacket {
  readonly id: number
  readonly type: number
  readonly payload: string
}

/** Bytes of a packet around its payload, after the length field. */
const overhead = 10
/** The server reads at most 1460 bytes per packet: 4 of length, 10 of overhead, 1446 of payload. */
export const maxPayloadBytes = 1446
/**
 * The server splits replies every 4096 characters, up to 3 bytes each in UTF-8: anything
 * longer than this is not a reply but a stream out of step or another protocol.
 */
const maxIncomingLength = 64 * 1024

export class RconProtocolError extends Error {}

export function encodePacket(packet: RconPacket): Buffer {
  const payload = Buffer.from(packet.payload, 'utf8')
  const buffer = Buffer.alloc(4 + overhead + payload.length)
  buffer.writeInt32LE(overhead + payload.length, 0)
  buffer.writeInt32LE(packet.id, 4)
  buffer.writeInt32LE(packet.type, 8)
  payload.copy(buffer, 12)
  return buffer
}

/** Cuts a TCP byte stream into packets, whatever sizes its chunks arrive in. */
export class RconFrameReader {
  private pending: Buffer = Buffer.alloc(0)

  /** The packets completed by `chunk`; throws RconProtocolError on bytes that cannot be RCON. */
  push(chunk: Buffer): RconPacket[] {
    this.pending = this.pending.length === 0 ? chunk : Buffer.concat([this.pending, chunk])
    const packets: RconPacket[] = []
    while (this.pending.length >= 4) {
      const length = this.pending.readInt32LE(0)
      if (length < overhead || length > maxIncomingLength) {
        throw new RconProtocolError(`a packet claims ${length} bytes, which no RCON server sends`)
      }
      if (this.pending.length < 4 + length) break
      const frame = this.pending.subarray(4, 4 + length)
      if (frame[length - 2] !== 0 || frame[length - 1] !== 0) throw new RconProtocolError('a packet does not end with its two zero bytes')
      packets.push({ id: frame.readInt32LE(0), type: frame.readInt32LE(4), payload: frame.toString('utf8', 8, length - 2) })
      this.pending = this.pending.subarray(4 + length)
    }
    return packets
  }

  /** Bytes of a packet not complete yet. */
  get buffered(): number {
    return this.pending.length
  }
}
