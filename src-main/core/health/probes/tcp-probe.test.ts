import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startRedis, type RedisServer } from '../../../../lab/redis'
import { tcpProbe } from './tcp-probe'

const redisAddress = '127.0.1.40'
const redisPort = 6390
let redis: RedisServer

beforeAll(async () => {
  redis = await startRedis({ address: redisAddress, port: redisPort })
}, 20_000)

afterAll(() => redis?.stop())

const target = (port: number) => ({ id: 'redis', host: redisAddress, port, intervalMs: 10_000, timeoutMs: 5000 })

describe('the tcp probe', () => {
  it('finds a real Redis up, with its connect latency', async () => {
    const result = await tcpProbe(target(redisPort)).run(new AbortController().signal)
    expect(result.status).toBe('up')
    expect(result.latencyMs).toBeGreaterThan(0)
  })

  it('says "refused" when nothing listens', async () => {
    expect(await tcpProbe(target(redisPort + 1)).run(new AbortController().signal)).toEqual({ status: 'down', reason: 'refused' })
  })

  it('stops at once when the scheduler aborts it', async () => {
    const controller = new AbortController()
    const run = tcpProbe(target(redisPort)).run(controller.signal)
    controller.abort()
    expect(await run).toEqual({ status: 'down', reason: 'timeout' })
  })
})
