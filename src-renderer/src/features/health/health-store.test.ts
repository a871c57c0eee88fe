import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { NodeHealth } from '../../../../src-shared/health'
import { setApi } from '../../api/api'
import { RequestFailure } from '../../api/client'
import { fakeClient } from '../../testing/fake-client'
import { useToastStore } from '../../app/toast-store'
import { useHealthStore } from './health-store'

function health(nodeId: string, overrides: Partial<NodeHealth> = {}): NodeHealth {
  return {
    nodeId,
    status: 'up',
    reason: null,
    since: 1,
    checkedAt: 1,
    samples: {},
    facts: [],
    services: [],
    uptime: { day: null, week: null },
    wakeable: false,
    ...overrides
  }
}

const appInfo = (mode: 'desktop' | 'headless') => () => ({ name: 'Homelab Console', version: '0', mode, dataDir: '/d', platform: 'linux' })
const transition = { target: 'pi', nodeId: 'pi', serviceId: null, name: 'Pi Primary', from: 'up', to: 'down', reason: 'refused', at: 5 }
const initial = useHealthStore.getState()
const flush = () => new Promise((resolve) => setTimeout(resolve, 0))
const toasts = () => useToastStore.getState().toasts.map((toast) => toast.message)

beforeEach(() => {
  useHealthStore.setState(initial, true)
  useToastStore.setState({ toasts: [] })
})
afterEach(() => useToastStore.setState({ toasts: [] }))

describe('useHealthStore', () => {
  it('loads the snapshot at start and follows health.changed until stopped', async () => {
    const fake = fakeClient({ 'app.info': appInfo('desktop'), 'health.snapshot': () => [health('pi'), health('nas')] })
    setApi(fake.client)
    const stop = useHealthStore.getState().start()
    await flush()
    expect(useHealthStore.getState().loaded).toBe(true)
    expect(Object.keys(useHealthStore.getState().nodes).sort()).toEqual(['nas', 'pi'])
    fake.emit('health.changed', { nodes: [health('pi', { status: 'down', reason: 'refused', since: 2, checkedAt: 2 })], removed: ['nas'] })
    expect(useHealthStore.getState().nodes.pi?.reason).toBe('refused')
    expect(useHealthStore.getState().nodes.nas).toBeUndefined()
    stop()
    fake.emit('health.changed', { nodes: [health('pi', { status: 'up', since: 3, checkedAt: 3 })], removed: [] })
    expect(useHealthStore.getState().nodes.pi?.status).toBe('down')
  })

  it('shows status changes as toasts in headless mode', async () => {
    const fake = fakeClient({ 'app.info': appInfo('headless'), 'health.snapshot': () => [] })
    setApi(fake.client)
    const stop = useHealthStore.getState().start()
    await flush()
    fake.emit('health.transition', transition)
    expect(toasts()).toEqual(['Pi Primary is down: refused'])
    fake.emit('health.transition', { ...transition, from: 'down', to: 'up', reason: null })
    expect(useToastStore.getState().toasts.map((toast) => [toast.message, toast.tone])).toEqual([
      ['Pi Primary is down: refused', 'problem'],
      ['Pi Primary is up again', 'good']
    ])
    stop()
  })

  it('leaves status changes to the OS notifications on the desktop', async () => {
    const fake = fakeClient({ 'app.info': appInfo('desktop'), 'health.snapshot': () => [] })
    setApi(fake.client)
    const stop = useHealthStore.getState().start()
    await flush()
    fake.emit('health.transition', transition)
    expect(toasts()).toEqual([])
    stop()
  })

  it('stays quiet when the core has no health polling yet, and says so for any other failure', async () => {
    setApi(fakeClient({}).client)
    await useHealthStore.getState().refresh()
    expect(toasts()).toEqual([])
    expect(useHealthStore.getState().loaded).toBe(true)
    setApi(
      fakeClient({
        'health.snapshot': () => {
          throw new RequestFailure('health.snapshot', { code: 'disconnected', message: 'the connection to the console was lost' })
        }
      }).client
    )
    await useHealthStore.getState().refresh()
    expect(toasts()).toEqual(['Could not load the health of the nodes: the connection to the console was lost'])
  })

  it('wakes a node and says where the packet went; a failure names the node', async () => {
    const fake = fakeClient({ 'health.wake': () => ({ sentTo: '127.0.0.1:9' }) })
    setApi(fake.client)
    expect(await useHealthStore.getState().wake('pi-nas')).toBe(true)
    expect(fake.calls).toEqual([{ name: 'health.wake', input: { nodeId: 'pi-nas' } }])
    expect(toasts()).toEqual(['Sent the wake-up packet for pi-nas to 127.0.0.1:9'])
    useToastStore.setState({ toasts: [] })
    setApi(
      fakeClient({
        'health.wake': () => {
          throw new RequestFailure('health.wake', { code: 'failed', message: 'pi-nas has no wol settings' })
        }
      }).client
    )
    expect(await useHealthStore.getState().wake('pi-nas')).toBe(false)
    expect(toasts()).toEqual(['Could not wake pi-nas: pi-nas has no wol settings'])
    expect(useHealthStore.getState().busy).toEqual({})
  })

  it('marks a node busy while "check now" is under way', async () => {
    let answer: (value: unknown) => void = () => undefined
    setApi(fakeClient({ 'health.checkNow': () => new Promise((resolve) => (answer = resolve)) }).client)
    const done = useHealthStore.getState().checkNow('pi')
    expect(useHealthStore.getState().busy).toEqual({ pi: 'check' })
    answer({})
    expect(await done).toBe(true)
    expect(useHealthStore.getState().busy).toEqual({})
  })

  it('loads the sparkline history of a node and refetches it after a reconnect', async () => {
    const now = Date.now()
    const fake = fakeClient({
      'health.snapshot': () => [health('pi')],
      'health.series': () => ({ from: now - 900_000, to: now, source: 'console', series: { cpu: { points: [[now - 10_000, 12]] } }, error: null })
    })
    setApi(fake.client)
    await useHealthStore.getState().loadRecent(['pi'])
    expect(useHealthStore.getState().recent.pi?.cpu).toEqual([[now - 10_000, 12]])
    expect(fake.calls).toEqual([{ name: 'health.series', input: { target: 'pi', keys: ['cpu', 'mem', 'temp'], range: '15m' } }])
    await useHealthStore.getState().refresh()
    expect(fake.calls.map((call) => call.name)).toEqual(['health.series', 'health.snapshot', 'health.series'])
  })

  it('still grows a sparkline from live samples when the history cannot be fetched', async () => {
    const fake = fakeClient({ 'app.info': appInfo('desktop'), 'health.snapshot': () => [] })
    setApi(fake.client)
    const stop = useHealthStore.getState().start()
    await useHealthStore.getState().loadRecent(['pi'])
    const at = Date.now()
    fake.emit('health.changed', { nodes: [health('pi', { checkedAt: at, samples: { cpu: 40 } })], removed: [] })
    expect(useHealthStore.getState().recent.pi?.cpu).toEqual([[at, 40]])
    stop()
  })
})
