import { mkdir, mkdtemp, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { InventoryState } from '../../../src-shared/contract'
import { defaultInventory } from '../../../src-shared/inventory'
import { openDatabase, type StoreDatabase } from '../store/database'
import { SettingsStore } from '../store/settings'
import { writeFileAtomic } from './atomic-write'
import { InventoryService } from './inventory-service'

const labYaml = (name: string) => `name: ${name}
nodes:
  - { id: alpha, name: Alpha, host: 10.0.0.1 }
  - { id: beta, name: Beta, host: 10.0.0.2, parent: alpha }
`
const brokenYaml = 'name: Broken\nnodes:\n  - { id: alpha, name: Alpha, host: 10.0.0.1\n'

let dir: string
let inventoryPath: string
let db: StoreDatabase
let settings: SettingsStore
const services: InventoryService[] = []

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'homelab-inventory-'))
  inventoryPath = join(dir, 'lab', 'inventory.yaml')
  db = openDatabase(join(dir, 'data'))
  settings = new SettingsStore(db)
})

afterEach(async () => {
  for (const service of services.splice(0)) service.close()
  db.close()
  await rm(dir, { recursive: true, force: true })
})

/** A service over the test's settings; every state it reports lands in `changes`. */
function createService(options: { explicit?: boolean; settings?: SettingsStore } = {}) {
  const changes: InventoryState[] = []
  const listeners = new Set<(state: InventoryState) => void>()
  const service = new InventoryService({
    path: inventoryPath,
    explicit: options.explicit ?? false,
    settings: options.settings ?? settings,
    onChange: (state) => {
      changes.push(state)
      for (const listener of listeners) listener(state)
    }
  })
  services.push(service)
  /** The first change from now on that passes `accept`; fails after `ms`. */
  const nextChange = (accept: (state: InventoryState) => boolean, ms = 5000) =>
    new Promise<InventoryState>((resolve, reject) => {
      const timer = setTimeout(() => {
        listeners.delete(listener)
        reject(new Error(`no matching inventory change within ${ms} ms`))
      }, ms)
      const listener = (state: InventoryState) => {
        if (!accept(state)) return
        clearTimeout(timer)
        listeners.delete(listener)
        resolve(state)
      }
      listeners.add(listener)
    })
  return { service, changes, nextChange }
}

async function writeInventory(text: string): Promise<void> {
  await mkdir(join(dir, 'lab'), { recursive: true })
  await writeFile(inventoryPath, text)
}

describe('InventoryService', () => {
  describe('loading', () => {
    it('shows the default inventory without problems when there is no file and none was named', async () => {
      const { service, changes } = createService()
      const state = await service.load()
      expect(state.source).toEqual({ kind: 'default', path: inventoryPath })
      expect(state.inventory).toEqual(defaultInventory)
      expect(state.inventory.name).toBe('This PC')
      expect(state.problems).toEqual([])
      expect(changes).toEqual([state])
    })

    it('reports a missing file the user named as a problem', async () => {
      const { service } = createService({ explicit: true })
      const state = await service.load()
      expect(state.source).toEqual({ kind: 'file', path: inventoryPath })
      expect(state.problems).toEqual([{ file: inventoryPath, line: null, column: null, path: null, message: 'the file does not exist' }])
      expect(state.inventory).toEqual(defaultInventory)
    })

    it('loads a valid file', async () => {
      await writeInventory(labYaml('Home'))
      const { service } = createService()
      const state = await service.load()
      expect(state.source).toEqual({ kind: 'file', path: inventoryPath })
      expect(state.problems).toEqual([])
      expect(state.inventory.name).toBe('Home')
      expect(state.inventory.nodes.map((node) => node.id)).toEqual(['alpha', 'beta'])
      expect(service.current()).toBe(state)
    })

    it('keeps the last good inventory and reports problems when the file breaks', async () => {
      await writeInventory(labYaml('Home'))
      const { service } = createService()
      await service.load()
      await writeFile(inventoryPath, brokenYaml)
      const state = await service.load()
      expect(state.inventory.name).toBe('Home')
      expect(state.source.kind).toBe('file')
      expect(state.problems.length).toBeGreaterThan(0)
      expect(state.problems[0]).toMatchObject({ file: inventoryPath, line: 4, path: null })
    })

    it('shares one read between concurrent loads', async () => {
      await writeInventory(labYaml('Home'))
      const { service, changes } = createService()
      const [first, second] = await Promise.all([service.load(), service.load()])
      expect(first).toBe(second)
      expect(changes).toHaveLength(1)
    })
  })

  describe('the last good inventory across restarts', () => {
    it('starts a new service with the previous good inventory and keeps it while the file is broken', async () => {
      await writeInventory(labYaml('Remembered'))
      await createService().service.load()

      await writeFile(inventoryPath, brokenYaml)
      const restartedDb = openDatabase(join(dir, 'data'))
      try {
        const { service } = createService({ settings: new SettingsStore(restartedDb) })
        expect(service.current().inventory.name).toBe('Remembered')
        expect(service.current().problems).toEqual([])

        const state = await service.load()
        expect(state.inventory.name).toBe('Remembered')
        expect(state.problems.length).toBeGreaterThan(0)
      } finally {
        restartedDb.close()
      }
    })

    it('remembers the last good inventory per file path', async () => {
      await writeInventory(labYaml('Remembered'))
      await createService().service.load()
      const other = new InventoryService({ path: join(dir, 'other.yaml'), explicit: true, settings, onChange: () => {} })
      services.push(other)
      expect(other.current().inventory).toEqual(defaultInventory)
    })
  })

  describe('watching the file', () => {
    it('reloads when the file is rewritten in place', async () => {
      await writeInventory(labYaml('Before'))
      const { service, nextChange } = createService()
      await service.load()
      await service.watch()
      const changed = nextChange((state) => state.inventory.name === 'After')
      await writeFile(inventoryPath, labYaml('After'))
      const state = await changed
      expect(state.problems).toEqual([])
      expect(service.current().inventory.name).toBe('After')
    })

    it('reloads when a new file is renamed over it', async () => {
      await writeInventory(labYaml('Before'))
      const { service, nextChange } = createService()
      await service.load()
      await service.watch()
      const changed = nextChange((state) => state.inventory.name === 'Renamed')
      const replacement = join(dir, 'lab', 'replacement.yaml.new')
      await writeFile(replacement, labYaml('Renamed'))
      await rename(replacement, inventoryPath)
      expect((await changed).source.kind).toBe('file')
    })

    it('picks up a file created after start, in a folder that did not exist', async () => {
      const { service, nextChange } = createService()
      await service.load()
      await service.watch()
      const changed = nextChange((state) => state.source.kind === 'file')
      await writeFile(inventoryPath, labYaml('Created'))
      expect((await changed).inventory.name).toBe('Created')
    })

    it('reports problems when the watched file breaks, keeping the last good inventory', async () => {
      await writeInventory(labYaml('Good'))
      const { service, nextChange } = createService()
      await service.load()
      await service.watch()
      const changed = nextChange((state) => state.problems.length > 0)
      await writeFile(inventoryPath, brokenYaml)
      expect((await changed).inventory.name).toBe('Good')
    })

    it('emits nothing after close()', async () => {
      await writeInventory(labYaml('Before'))
      const { service, changes } = createService()
      await service.load()
      await service.watch()
      service.close()
      const before = changes.length
      await writeFile(inventoryPath, labYaml('After'))
      // Nothing can be awaited for an event that must not come: wait well past the reload delay.
      await new Promise((resolve) => setTimeout(resolve, 1000))
      expect(changes).toHaveLength(before)
      expect(service.current().inventory.name).toBe('Before')
    })
  })

  describe('create', () => {
    it('writes the file atomically and switches to the file', async () => {
      const { service } = createService()
      await service.load()
      const state = await service.create(labYaml('Created'))
      expect(state.source).toEqual({ kind: 'file', path: inventoryPath })
      expect(state.inventory.name).toBe('Created')
      expect(await readFile(inventoryPath, 'utf8')).toBe(labYaml('Created'))
      expect((await readdir(join(dir, 'lab'))).sort()).toEqual(['inventory.yaml'])
    })

    it('is refused when the inventory file already exists', async () => {
      await writeInventory(labYaml('Mine'))
      const { service } = createService()
      await service.load()
      await expect(service.create(labYaml('Example'))).rejects.toThrow(/already exists/)
      expect(await readFile(inventoryPath, 'utf8')).toBe(labYaml('Mine'))
    })

    it('is refused when the existing file is broken, leaving it as it is', async () => {
      await writeInventory(brokenYaml)
      const { service } = createService()
      await service.load()
      await expect(service.create(labYaml('Example'))).rejects.toThrow(/already exists/)
      expect(await readFile(inventoryPath, 'utf8')).toBe(brokenYaml)
    })

    it('is refused for invalid text and writes nothing', async () => {
      const { service } = createService()
      await service.load()
      await expect(service.create('name: Lab\nnodes: []\n')).rejects.toThrow(/invalid.*at least one node/)
      await expect(stat(inventoryPath)).rejects.toMatchObject({ code: 'ENOENT' })
      expect(service.current().source.kind).toBe('default')
    })
  })

  describe('addNodes', () => {
    const pi = { id: 'pi', name: 'pi', host: '10.0.0.5', role: 'server', ssh: { user: 'pi' } }

    it('creates the file from the default inventory when there is none yet', async () => {
      const { service } = createService()
      await service.load()
      const state = await service.addNodes([pi])
      expect(state.source).toEqual({ kind: 'file', path: inventoryPath })
      expect(state.inventory.nodes.map((node) => node.id)).toEqual(['this-pc', 'pi'])
      expect(await readFile(inventoryPath, 'utf8')).not.toContain('services')
    })

    it('appends to the file, keeping its comments, and remembers the result as last good', async () => {
      await writeInventory(`# my lab\n${labYaml('Home')}# the end\n`)
      const { service } = createService()
      await service.load()
      const state = await service.addNodes([{ ...pi, ssh: { jump: 'alpha' } }])
      expect(state.inventory.nodes.map((node) => node.id)).toEqual(['alpha', 'beta', 'pi'])
      const text = await readFile(inventoryPath, 'utf8')
      expect(text).toMatch(/^# my lab\n/)
      expect(text).toMatch(/# the end\n$/)
      const restarted = new InventoryService({ path: inventoryPath, explicit: false, settings, onChange: () => {} })
      services.push(restarted)
      expect(restarted.current().inventory.nodes).toHaveLength(3)
    })

    it('refuses, writing nothing, when the result would not validate', async () => {
      await writeInventory(labYaml('Home'))
      const { service } = createService()
      await service.load()
      await expect(service.addNodes([{ ...pi, id: 'alpha' }])).rejects.toThrow(/nothing was written: .*"alpha" is used twice/)
      await expect(service.addNodes([{ ...pi, ssh: { jump: 'nowhere' } }])).rejects.toThrow(/jump host "nowhere" is not a node/)
      expect(await readFile(inventoryPath, 'utf8')).toBe(labYaml('Home'))
      expect(service.current().inventory.nodes).toHaveLength(2)
    })
  })
})

describe('writeFileAtomic', () => {
  it('writes the content and leaves no temporary file', async () => {
    const path = join(dir, 'out.yaml')
    await writeFileAtomic(path, 'hello: world\n')
    expect(await readFile(path, 'utf8')).toBe('hello: world\n')
    expect(await readdir(dir)).toEqual(expect.not.arrayContaining([expect.stringMatching(/\.tmp$/)]))
    expect((await readdir(dir)).filter((name) => name.includes('out.yaml'))).toEqual(['out.yaml'])
  })

  it.skipIf(process.platform === 'win32')('creates the file readable by its owner only', async () => {
    const path = join(dir, 'secret.yaml')
    await writeFileAtomic(path, 'x: 1\n')
    expect((await stat(path)).mode & 0o777).toBe(0o600)
  })

  it('replaces an existing file', async () => {
    const path = join(dir, 'out.yaml')
    await writeFile(path, 'old content that is longer than the new one\n')
    await writeFileAtomic(path, 'new\n')
    expect(await readFile(path, 'utf8')).toBe('new\n')
    expect((await readdir(dir)).filter((name) => name.endsWith('.tmp'))).toEqual([])
  })

  it('fails without leaving a temporary file when the target is a folder', async () => {
    const path = join(dir, 'data')
    await expect(writeFileAtomic(path, 'x')).rejects.toThrow()
    expect((await readdir(dir)).filter((name) => name.endsWith('.tmp'))).toEqual([])
  })
})
