import { createSocket, type Socket } from 'node:dgram'
import { once } from 'node:events'
import { afterEach, describe, expect, it } from 'vitest'
import { startTempCore, type TempCore } from '../../testing/temp-core'
import { magicPacket } from './wake-on-lan'

const yaml = `name: Wake lab
nodes:
  - id: gpu-pc
    name: GPU PC
    host: 127.0.1.72
    metrics: none
    wol: { mac: "02:00:00:00:04:64", broadcast: 127.0.1.71, port: 9011 }
  - id: pi
    name: Pi
    host: 127.0.1.73
    metrics: none
`

let temp: TempCore | undefined
let listener: Socket | undefined
afterEach(async () => {
  listener?.close()
  listener = undefined
  await temp?.dispose()
  temp = undefined
})

describe('waking a node', () => {
  it('sends its magic packet to the configured address and port', async () => {
    listener = createSocket('udp4')
    listener.bind(9011, '127.0.1.71')
    await once(listener, 'listening')
    const received = once(listener, 'message')
    temp = await startTempCore(yaml)
    const reply = await temp.core.dispatch('health.wake', { nodeId: 'gpu-pc' })
    expect(reply).toEqual({ ok: true, value: { sentTo: '127.0.1.71:9011' } })
    const [packet] = (await received) as [Buffer]
    expect(packet.equals(magicPacket('02:00:00:00:04:64'))).toBe(true)
  })

  it('says why a node without wake-on-LAN cannot be woken', async () => {
    temp = await startTempCore(yaml)
    const reply = await temp.core.dispatch('health.wake', { nodeId: 'pi' })
    expect(reply.ok).toBe(false)
    expect(!reply.ok && reply.error.message).toMatch(/Pi has no wake-on-LAN settings/)
  })
})
