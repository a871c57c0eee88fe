import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { SshConnectionState } from '../../../../src-shared/ssh'
import { setApi } from '../../api/api'
import { RequestFailure } from '../../api/client'
import { fakeClient } from '../../testing/fake-client'
import { useToastStore } from '../../app/toast-store'
import { nextPrompt } from './ssh-model'
import { useSshStore } from './ssh-store'

function state(nodeId: string, phase: SshConnectionState['phase'], since: number): SshConnectionState {
  return { nodeId, phase, message: '', since, via: [], hostKeyHost: null, presentedKey: null, knownKeys: [], auth: null, retryAt: null }
}

const initial = useSshStore.getState()
const flush = () => new Promise((resolve) => setTimeout(resolve, 0))

beforeEach(() => {
  useSshStore.setState(initial, true)
  useToastStore.setState({ toasts: [] })
})
afterEach(() => useToastStore.setState({ toasts: [] }))

describe('useSshStore', () => {
  it('loads every connection at start and follows ssh.state events', async () => {
    const fake = fakeClient({ 'ssh.connections': () => [state('a', 'connecting', 1)] })
    setApi(fake.client)
    const stop = useSshStore.getState().start()
    await flush()
    expect(useSshStore.getState().states.a?.phase).toBe('connecting')
    fake.emit('ssh.state', state('a', 'ready', 2))
    expect(useSshStore.getState().states.a?.phase).toBe('ready')
    stop()
    fake.emit('ssh.state', state('a', 'disconnected', 3))
    expect(useSshStore.getState().states.a?.phase).toBe('ready')
  })

  it('stays quiet when the core has no SSH yet', async () => {
    setApi(fakeClient({}).client)
    await useSshStore.getState().refresh()
    expect(useToastStore.getState().toasts).toEqual([])
  })

  it('turns a failed request into a toast naming the node, and reports it', async () => {
    setApi(
      fakeClient({
        'ssh.acceptHostKey': () => {
          throw new RequestFailure('ssh.acceptHostKey', { code: 'failed', message: 'no new host key waiting' })
        }
      }).client
    )
    const accepted = await useSshStore.getState().acceptHostKey('pi-db', `SHA256:${'a'.repeat(43)}`)
    expect(accepted).toBe(false)
    expect(useToastStore.getState().toasts.map((toast) => toast.message)).toEqual(['Could not trust the host key of pi-db: no new host key waiting'])
    expect(useSshStore.getState().busy).toEqual({})
  })

  it('passes the secret to the core and keeps it nowhere', async () => {
    const fake = fakeClient({ 'ssh.authenticate': () => state('pi-db', 'ready', 5) })
    setApi(fake.client)
    const secret = 'correct horse battery staple'
    expect(await useSshStore.getState().authenticate('pi-db', secret, true)).toBe(true)
    expect(fake.calls).toEqual([{ name: 'ssh.authenticate', input: { nodeId: 'pi-db', secret, remember: true } }])
    expect(useSshStore.getState().states['pi-db']?.phase).toBe('ready')
    expect(JSON.stringify(useSshStore.getState())).not.toContain(secret)
  })

  it('keeps a refused question away while background retries ask it again, and asks again when the user asks for the node', async () => {
    const key = { algorithm: 'ssh-ed25519', fingerprint: 'SHA256:uNiVztksCsDhcc0u9e8BujQXVUpKZIDTMczCvj3tD2s' }
    const asking = (since: number) => ({ ...state('a', 'host-key-unknown', since), presentedKey: key })
    setApi(fakeClient({ 'ssh.connections': () => [asking(9)] }).client)
    useSshStore.setState({ states: { a: asking(1) }, asked: new Set(['a']) })
    useSshStore.getState().dismiss(asking(1))
    await useSshStore.getState().refresh()
    expect(useSshStore.getState().states.a?.since).toBe(9)
    expect(nextPrompt(Object.values(useSshStore.getState().states), useSshStore.getState().dismissed)).toBeNull()
    useSshStore.getState().reopen('a')
    expect(nextPrompt(Object.values(useSshStore.getState().states), useSshStore.getState().dismissed)?.since).toBe(9)
  })

  it('imports the chosen hosts, then says how many and closes', async () => {
    const inventoryState = {
      inventory: { name: 'Lab', nodes: [{ id: 'pi', name: 'pi', host: 'pi.lan', metrics: 'ssh', services: [] }], links: [] },
      source: { kind: 'file', path: '/data/inventory.yaml' },
      problems: [],
      loadedAt: 1
    }
    const fake = fakeClient({
      'ssh.importConfig.preview': () => ({ path: '~/.ssh/config', candidates: [], problems: [] }),
      'ssh.importConfig.apply': () => inventoryState
    })
    setApi(fake.client)
    useSshStore.getState().openImport()
    await flush()
    expect(useSshStore.getState().importPreview?.path).toBe('~/.ssh/config')
    expect(await useSshStore.getState().applyImport(['pi', 'nas'])).toBe(true)
    expect(fake.calls.at(-1)).toEqual({ name: 'ssh.importConfig.apply', input: { aliases: ['pi', 'nas'] } })
    expect(useToastStore.getState().toasts.map((toast) => toast.message)).toEqual(['Imported 2 hosts'])
    expect(useSshStore.getState().importOpen).toBe(false)
  })
})
