import { createSocket, type Socket } from 'node:dgram'
import { once } from 'node:events'
import { afterEach, describe, expect, it } from 'vitest'
import { magicPacket, sendMagicPacket } from './wake-on-lan'

let listener: Socket | undefined
afterEach(() => listener?.close())

describe('wake-on-LAN', () => {
  it('builds the magic packet: 6 × 0xFF then the MAC 16 times', () => {
    const packet = magicPacket('d8:3a:dd:00:00:01')
    expect(packet).toHaveLength(102)
    expect([...packet.subarray(0, 6)]).toEqual([255, 255, 255, 255, 255, 255])
    for (let repeat = 0; repeat < 16; repeat++) {
      expect(packet.subarray(6 + repeat * 6, 12 + repeat * 6).toString('hex')).toBe('d83add000001')
    }
  })

  it('accepts dashes and refuses what is not a MAC', () => {
    expect(magicPacket('D8-3A-DD-00-00-01').subarray(6, 12).toString('hex')).toBe('d83add000001')
    expect(() => magicPacket('d8:3a:dd:00:00')).toThrow('is not a MAC address')
    expect(() => magicPacket('zz:3a:dd:00:00:01')).toThrow('is not a MAC address')
  })

  it('delivers the packet to a loopback listener as one datagram', async () => {
    listener = createSocket('udp4')
    listener.bind(9009, '127.0.1.70')
    await once(listener, 'listening')
    const received = once(listener, 'message')
    await sendMagicPacket({ mac: 'd8:3a:dd:00:00:01', address: '127.0.1.70', port: 9009 })
    const [message] = (await received) as [Buffer]
    expect(message.equals(magicPacket('d8:3a:dd:00:00:01'))).toBe(true)
  })
})
