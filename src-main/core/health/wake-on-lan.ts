import { createSocket } from 'node:dgram'

/** Six 0xFF bytes, then the MAC sixteen times: what a sleeping network card listens for. */
export function magicPacket(mac: string): Buffer {
  const bytes = mac.split(/[:-]/).map((part) => Number.parseInt(part, 16))
  if (bytes.length !== 6 || bytes.some((byte) => !Number.isInteger(byte) || byte < 0 || byte > 255)) {
    throw new Error(`"${mac}" is not a MAC address`)
  }
  return Buffer.concat([Buffer.alloc(6, 0xff), ...Array.from({ length: 16 }, () => Buffer.from(bytes))])
}

/** Sends the magic packet of `mac` as one UDP datagram to address:port (a broadcast address on a LAN). */
export function sendMagicPacket(options: { mac: string; address: string; port: number; timeoutMs?: number }): Promise<void> {
  const packet = magicPacket(options.mac)
  const socket = createSocket('udp4')
  return new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => fail(new Error(`the packet could not be sent within ${options.timeoutMs ?? 2000} ms`)), options.timeoutMs ?? 2000)
    let settled = false
    const finish = (error?: Error) => {
      if (settled) return
      settled = true
      clearTimeout(timer)
      socket.close()
      if (error) reject(error)
      else resolve()
    }
    const fail = (error: Error) => finish(new Error(`wake-on-LAN to ${options.address}:${options.port} failed: ${error.message}`))
    socket.once('error', fail)
    socket.bind(0, () => {
      // Sending to a broadcast address needs SO_BROADCAST; it is harmless for a unicast one.
      socket.setBroadcast(true)
      socket.send(packet, options.port, options.address, (error) => (error ? fail(error) : finish()))
    })
  })
}
