import { writeFile } from 'node:fs/promises'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import WebSocket from 'ws'
import type { HomelabBridge } from '../src-shared/contract'
import { websocketPath } from '../src-shared/contract'
import { createClient, RequestFailure, type Client } from '../src-renderer/src/api/client'
import { createIpcTransport } from '../src-renderer/src/api/ipc-transport'
import { createWebSocketTransport } from '../src-renderer/src/api/websocket-transport'
import type { Transport } from '../src-renderer/src/api/transport'
import { bindIpc } from './electron/ipc-binding'
import { startHeadlessServer } from './server/headless-server'
import { nextValue, startTempCore, twoNodeYaml, type TempCore } from './testing/temp-core'

type Listener = (event: unknown, ...args: unknown[]) => void
const electronFake = vi.hoisted(() => ({
  exposed: new Map<string, unknown>(),
  handlers: new Map<string, (event: unknown, ...args: unknown[]) => unknown>(),
  rendererListeners: new Map<string, Set<(event: unknown, ...args: unknown[]) => void>>(),
  senderFrame: { parent: null, url: 'file:///app/out/renderer/index.html' } as { parent: unknown; url: string }
}))

// The preload runs against this stand-in for Electron: invoke reaches the handler bindIpc
// registered, and what main sends reaches the preload's listeners, as between two processes.
vi.mock('electron', () => ({
  contextBridge: { exposeInMainWorld: (key: string, api: unknown) => electronFake.exposed.set(key, api) },
  ipcRenderer: {
    invoke: async (channel: string, ...args: unknown[]) => {
      const handler = electronFake.handlers.get(channel)
      if (!handler) throw new Error(`No handler registered for '${channel}'`)
      return structuredClone(await handler({ senderFrame: electronFake.senderFrame }, ...structuredClone(args)))
    },
    on: (channel: string, listener: Listener) => {
      const set = electronFake.rendererListeners.get(channel) ?? new Set()
      set.add(listener)
      electronFake.rendererListeners.set(channel, set)
    },
    removeListener: (channel: string, listener: Listener) => electronFake.rendererListeners.get(channel)?.delete(listener)
  }
}))

interface Connected {
  readonly client: Client
  readonly transport: Transport
  close(): Promise<void>
}

const transports: Record<string, (temp: TempCore) => Promise<Connected>> = {
  async websocket(temp) {
    const server = await startHeadlessServer({ core: temp.core, rendererDir: temp.dataDir, host: '127.0.0.1', port: 0, token: 'test-token' })
    const url = new URL(server.url)
    const transport = createWebSocketTransport({
      url: `ws://${url.host}${websocketPath}?token=test-token`,
      WebSocket: WebSocket as unknown as typeof globalThis.WebSocket
    })
    return {
      client: createClient(transport),
      transport,
      async close() {
        transport.close()
        await server.close()
      }
    }
  },
  async ipc(temp) {
    electronFake.senderFrame.url = 'file:///app/out/renderer/index.html'
    const unbind = bindIpc({
      ipcMain: {
        handle: (channel: string, handler: (event: never, ...args: unknown[]) => unknown) => electronFake.handlers.set(channel, handler as never),
        removeHandler: (channel: string) => electronFake.handlers.delete(channel)
      },
      core: temp.core,
      isTrustedFrame: (frame) => frame?.url === 'file:///app/out/renderer/index.html',
      targets: () => [
        {
          isDestroyed: () => false,
          send: (channel: string, ...args: unknown[]) => {
            for (const listener of electronFake.rendererListeners.get(channel) ?? []) listener({}, ...structuredClone(args))
          }
        } as never
      ]
    })
    vi.resetModules()
    await import('../src-preload/index')
    const bridge = electronFake.exposed.get('homelab') as HomelabBridge
    const transport = createIpcTransport(bridge)
    return {
      client: createClient(transport),
      transport,
      close: async () => unbind()
    }
  }
}

describe.each(Object.keys(transports))('the contract over %s', (kind) => {
  let temp: TempCore
  let connected: Connected

  beforeEach(async () => {
    temp = await startTempCore()
    connected = await transports[kind]!(temp)
  })
  afterEach(async () => {
    await connected.close()
    await temp.dispose()
  })

  it('answers app.info', async () => {
    const info = await connected.client.request('app.info', {})
    expect(info).toMatchObject({ name: 'Homelab Console', version: '0.0.0-test', mode: 'headless', dataDir: temp.dataDir })
  })

  it('serves the inventory file it loaded', async () => {
    const state = await connected.client.request('inventory.get', {})
    expect(state.source).toEqual({ kind: 'file', path: temp.inventoryPath })
    expect(state.problems).toEqual([])
    expect(state.inventory.nodes.map((node) => node.id)).toEqual(['alpha', 'beta'])
    expect(state.inventory.nodes[1]?.parent).toBe('alpha')
  })

  it('lists the five example homelabs', async () => {
    const examples = await connected.client.request('inventory.examples', {})
    expect(examples.map((example) => example.id).sort()).toEqual(['dual-pi', 'otm-home', 'pi-ai-worker', 'pi-cluster', 'proxmox'])
  })

  it('answers bad input with a typed error and keeps serving', async () => {
    const reply = await connected.transport.invoke('inventory.useExample', { id: 42 })
    expect(reply.ok).toBe(false)
    expect(!reply.ok && reply.error.code).toBe('bad-input')
    expect(!reply.ok && reply.error.issues?.[0]?.path).toBe('id')
    const extra = await connected.transport.invoke('app.info', { sneaky: true })
    expect(!extra.ok && extra.error.code).toBe('bad-input')
    const unknown = await connected.transport.invoke('fs.delete' as never, {})
    expect(!unknown.ok && unknown.error.code).toBe('unknown-request')
    expect((await connected.client.request('app.info', {})).version).toBe('0.0.0-test')
  })

  it('turns a failing handler into a failed reply', async () => {
    const failure = await connected.client.request('inventory.useExample', { id: 'proxmox' }).catch((error: unknown) => error)
    expect(failure).toBeInstanceOf(RequestFailure)
    expect((failure as RequestFailure).detail.code).toBe('failed')
    expect((failure as RequestFailure).message).toContain('already exists')
  })

  it('checks links before they leave the app', async () => {
    await expect(connected.client.request('shell.openExternal', { url: 'javascript:alert(1)' })).rejects.toThrow(/only http and https/)
    await expect(connected.client.request('shell.openExternal', { url: 'http://user:pw@127.0.0.1/' })).rejects.toThrow(/user name or password/)
    expect(await connected.client.request('shell.openExternal', { url: 'http://127.0.1.200:8080/health' })).toEqual({ opened: false })
    expect(temp.opened).toEqual(['http://127.0.1.200:8080/health'])
  })

  it('pushes inventory.changed when the file changes, and keeps the last good inventory when it breaks', async () => {
    const changes = (listener: (value: Awaited<ReturnType<typeof connected.client.request<'inventory.get'>>>) => void) =>
      connected.client.on('inventory.changed', listener)
    const renamed = nextValue(changes, (state) => state.inventory.name === 'Renamed lab')
    await writeFile(temp.inventoryPath, twoNodeYaml.replace('Test lab', 'Renamed lab'))
    expect((await renamed).problems).toEqual([])

    const broken = nextValue(changes, (state) => state.problems.length > 0)
    await writeFile(temp.inventoryPath, twoNodeYaml.replace('Test lab', 'Broken lab').replace('host: 127.0.1.201', 'hots: 127.0.1.201'))
    const state = await broken
    expect(state.inventory.name).toBe('Renamed lab')
    expect(state.problems).toContainEqual({ file: temp.inventoryPath, line: 10, column: 5, path: 'nodes.1', message: 'unknown field "hots"' })
    expect(state.problems).toContainEqual({ file: temp.inventoryPath, line: 8, column: 5, path: 'nodes.1.host', message: '"host" is required (string)' })
  })
})

describe('the IPC binding', () => {
  it('refuses requests from a frame that is not the app page', async () => {
    const temp = await startTempCore()
    const connected = await transports.ipc!(temp)
    try {
      electronFake.senderFrame.url = 'https://evil.example/'
      const reply = await connected.transport.invoke('app.info', {})
      expect(!reply.ok && reply.error.message).toMatch(/untrusted frame/)
    } finally {
      await connected.close()
      await temp.dispose()
    }
  })
})
