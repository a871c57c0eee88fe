import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { MinecraftStatus } from '../../../../src-shared/minecraft'
import { setApi } from '../../api/api'
import { RequestFailure } from '../../api/client'
import { fakeClient } from '../../testing/fake-client'
import { statusPollMs, useStatusStore } from './status-store'

const serverId = 'pi-primary/minecraft'

function status(patch: Partial<MinecraftStatus> = {}): MinecraftStatus {
  return {
    serverId,
    checkedAt: 1,
    online: true,
    pingError: null,
    version: 'Paper 1.21.4',
    motd: '§aFamily server',
    playersOnline: 1,
    playersMax: 20,
    players: ['Alex'],
    latencyMs: 3,
    tps: [20, 19.5, 18],
    rcon: { state: 'ok', message: null },
    process: { state: 'active', running: true, detail: null },
    ...patch
  }
}

const statusCalls = (calls: readonly { name: string }[]) => calls.filter((call) => call.name === 'minecraft.status').length

beforeEach(() => {
  vi.useFakeTimers()
  useStatusStore.setState({ serverId: null, status: null, error: null, control: null, controlError: null })
})
afterEach(() => vi.useRealTimers())

describe('useStatusStore', () => {
  it('reads the status at once, then every 5 s, and not after polling stops', async () => {
    let checks = 0
    const fake = fakeClient({ 'minecraft.status': () => status({ checkedAt: ++checks }) })
    setApi(fake.client)
    const stop = useStatusStore.getState().startPolling(serverId)
    await vi.advanceTimersByTimeAsync(0)
    expect(statusCalls(fake.calls)).toBe(1)
    expect(useStatusStore.getState().status?.checkedAt).toBe(1)

    await vi.advanceTimersByTimeAsync(statusPollMs - 1)
    expect(statusCalls(fake.calls)).toBe(1)
    await vi.advanceTimersByTimeAsync(1)
    expect(statusCalls(fake.calls)).toBe(2)
    await vi.advanceTimersByTimeAsync(statusPollMs * 3)
    expect(statusCalls(fake.calls)).toBe(5)
    expect(useStatusStore.getState().status?.checkedAt).toBe(5)

    stop()
    await vi.advanceTimersByTimeAsync(statusPollMs * 4)
    expect(statusCalls(fake.calls)).toBe(5)
  })

  it('never piles reads up on a slow server, and drops an answer that comes after polling stopped', async () => {
    const answers: ((value: MinecraftStatus) => void)[] = []
    const fake = fakeClient({ 'minecraft.status': () => new Promise((resolve) => answers.push(resolve)) })
    setApi(fake.client)
    const stop = useStatusStore.getState().startPolling(serverId)
    await vi.advanceTimersByTimeAsync(statusPollMs * 5)
    expect(statusCalls(fake.calls)).toBe(1)
    stop()
    answers[0]?.(status())
    await vi.advanceTimersByTimeAsync(statusPollMs * 2)
    expect(useStatusStore.getState().status).toBeNull()
    expect(statusCalls(fake.calls)).toBe(1)
  })

  it('keeps the last status on screen when a read fails, with the reason, and goes on polling', async () => {
    let fail = false
    const fake = fakeClient({
      'minecraft.status': () => {
        if (fail) throw new RequestFailure('minecraft.status', { code: 'disconnected', message: 'the connection to the console was lost' })
        return status()
      }
    })
    setApi(fake.client)
    const stop = useStatusStore.getState().startPolling(serverId)
    await vi.advanceTimersByTimeAsync(0)
    fail = true
    await vi.advanceTimersByTimeAsync(statusPollMs)
    expect(useStatusStore.getState()).toMatchObject({ status: { version: 'Paper 1.21.4' }, error: 'the connection to the console was lost' })
    fail = false
    await vi.advanceTimersByTimeAsync(statusPollMs)
    expect(useStatusStore.getState().error).toBeNull()
    expect(statusCalls(fake.calls)).toBe(3)
    stop()
  })

  it('forgets another server’s status when polling moves to a new one', async () => {
    const fake = fakeClient({ 'minecraft.status': (input) => status({ serverId: (input as { serverId: string }).serverId }) })
    setApi(fake.client)
    useStatusStore.getState().startPolling(serverId)()
    await vi.advanceTimersByTimeAsync(0)
    const stop = useStatusStore.getState().startPolling('nas/creative')
    expect(useStatusStore.getState()).toMatchObject({ serverId: 'nas/creative', status: null })
    await vi.advanceTimersByTimeAsync(0)
    expect(useStatusStore.getState().status?.serverId).toBe('nas/creative')
    stop()
  })

  it('runs start, stop and restart, showing the status it answers with or why it failed', async () => {
    const fake = fakeClient({
      'minecraft.status': () => status(),
      'minecraft.control': (input) => {
        if ((input as { action: string }).action === 'restart') throw new RequestFailure('minecraft.control', { code: 'failed', message: 'Job for minecraft.service failed' })
        return status({ online: false, pingError: 'connection refused', process: { state: 'inactive', running: false, detail: null } })
      }
    })
    setApi(fake.client)
    const stop = useStatusStore.getState().startPolling(serverId)
    await vi.advanceTimersByTimeAsync(0)
    const stopping = useStatusStore.getState().runControl(serverId, 'stop')
    expect(useStatusStore.getState().control).toBe('stop')
    await stopping
    expect(useStatusStore.getState()).toMatchObject({ control: null, controlError: null, status: { process: { state: 'inactive' } } })
    await useStatusStore.getState().runControl(serverId, 'restart')
    expect(useStatusStore.getState()).toMatchObject({ control: null, controlError: 'Could not restart the server: Job for minecraft.service failed' })
    expect(fake.calls.filter((call) => call.name === 'minecraft.control').map((call) => call.input)).toEqual([
      { serverId, action: 'stop' },
      { serverId, action: 'restart' }
    ])
    stop()
  })
})
