import { describe, expect, it } from 'vitest'
import { encodePacket, packetType, RconFrameReader, RconProtocolError } from './rcon-packet'

describe('RCON packets', () => {
  it('encodes the login of PROTOCOLS.md byte for byte', () => {
    const bytes = encodePacket({ id: 7, type: packetType.login, payload: 'pw' })
    expect([...bytes]).toEqual([12, 0, 0, 0, 7, 0, 0, 0, 3, 0, 0, 0, 0x70, 0x77, 0, 0])
  })

  it('round-trips ids, types and UTF-8 payloads of any length', () => {
    const packets = [
      { id: 1, type: packetType.command, payload: 'list' },
      { id: -1, type: packetType.command, payload: '' },
      { id: 0x7fffffff, type: packetType.response, payload: '§aGrüße ✓ 𝄞'.repeat(500) }
    ]
    const reader = new RconFrameReader()
    expect(reader.push(Buffer.concat(packets.map(encodePacket)))).toEqual(packets)
    expect(reader.buffered).toBe(0)
  })

  it('puts packets together from chunks of every size, a multi-byte character split included', () => {
    const packet = { id: 42, type: packetType.response, payload: `There are 1 of a max of 20 players online: Jürgen ${'x'.repeat(5000)}` }
    const bytes = Buffer.concat([encodePacket(packet), encodePacket({ ...packet, id: 43 })])
    for (const size of [1, 3, 13, 14, 1460, 4096]) {
      const reader = new RconFrameReader()
      const got = []
      for (let offset = 0; offset < bytes.length; offset += size) got.push(...reader.push(bytes.subarray(offset, offset + size)))
      expect(got.map((each) => each.id)).toEqual([42, 43])
      expect(got[0]).toEqual(packet)
    }
  })

  it('waits for the length field itself when it comes in pieces', () => {
    const reader = new RconFrameReader()
    const bytes = encodePacket({ id: 5, type: packetType.response, payload: 'ok' })
    expect(reader.push(bytes.subarray(0, 2))).toEqual([])
    expect(reader.push(bytes.subarray(2, 4))).toEqual([])
    expect(reader.buffered).toBe(4)
    expect(reader.push(bytes.subarray(4))).toEqual([{ id: 5, type: 0, payload: 'ok' }])
  })

  it('refuses lengths no RCON server sends: too short, negative or huge (another protocol)', () => {
    const short = Buffer.from([9, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0])
    expect(() => new RconFrameReader().push(short)).toThrow(RconProtocolError)
    expect(() => new RconFrameReader().push(Buffer.from([0xff, 0xff, 0xff, 0xff]))).toThrow('claims -1 bytes')
    expect(() => new RconFrameReader().push(Buffer.from('HTTP/1.1 400 Bad Request\r\n'))).toThrow(RconProtocolError)
  })

  it('refuses a packet whose two closing zero bytes are missing (a stream out of step)', () => {
    const bytes = encodePacket({ id: 1, type: 0, payload: 'abc' })
    bytes[bytes.length - 1] = 0x41
    expect(() => new RconFrameReader().push(bytes)).toThrow('two zero bytes')
  })
})
