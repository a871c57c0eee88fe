import { watch, type FSWatcher } from 'node:fs'
import { access, mkdir, readFile } from 'node:fs/promises'
import { basename, dirname } from 'node:path'
import { Inventory, defaultInventory } from '../../../src-shared/inventory'
import type { InventoryProblem, InventoryState } from '../../../src-shared/contract'
import type { SettingsStore } from '../store/settings'
import { addNodesToYaml, inventoryTextWithNodes, type NodeInput } from './add-nodes'
import { writeFileAtomic } from './atomic-write'
import { parseInventory } from './parse'

export interface InventoryServiceOptions {
  readonly path: string
  /** The user named this file: its absence is a problem, not a first start. */
  readonly explicit: boolean
  readonly settings: SettingsStore
  readonly onChange: (state: InventoryState) => void
}

const lastGoodKeyPrefix = 'inventory.lastGood:'
const reloadDelayMs = 150

/**
 * Owns the inventory file: loads and validates it, keeps the last good inventory in use while
 * the file is broken, reloads it when it changes on disk and writes it atomically.
 */
export class InventoryService {
  private state: InventoryState
  private watcher: FSWatcher | undefined
  private reloadTimer: NodeJS.Timeout | undefined
  private loading: Promise<InventoryState> | undefined

  constructor(private readonly options: InventoryServiceOptions) {
    this.state = {
      inventory: this.lastGood() ?? defaultInventory,
      source: { kind: options.explicit ? 'file' : 'default', path: options.path },
      problems: [],
      loadedAt: Date.now()
    }
  }

  current(): InventoryState {
    return this.state
  }

  /** Reads the file again; concurrent calls share one read. */
  load(): Promise<InventoryState> {
    this.loading ??= this.readAndApply().finally(() => {
      this.loading = undefined
    })
    return this.loading
  }

  /** Starts watching the file's folder, so that atomic replacements are seen too. */
  async watch(): Promise<void> {
    if (this.watcher) return
    const directory = dirname(this.options.path)
    await mkdir(directory, { recursive: true })
    const name = basename(this.options.path)
    this.watcher = watch(directory, (_event, changed) => {
      if (changed !== null && changed !== name) return
      clearTimeout(this.reloadTimer)
      this.reloadTimer = setTimeout(() => this.load().catch(() => undefined), reloadDelayMs)
    })
    this.watcher.on('error', () => this.stopWatching())
  }

  /** Creates the inventory file from YAML text; refused when the user already has one. */
  async create(text: string): Promise<InventoryState> {
    if (await exists(this.options.path)) {
      throw new Error(`an inventory already exists at ${this.options.path}; edit that file instead`)
    }
    const parsed = parseInventory(text, this.options.path)
    if (!parsed.ok) throw new Error(`the new inventory is invalid: ${parsed.problems[0]?.message}`)
    await mkdir(dirname(this.options.path), { recursive: true })
    await writeFileAtomic(this.options.path, text)
    return this.load()
  }

  /**
   * Appends nodes to the inventory file, keeping its comments and layout; without a file yet,
   * creates one from the default inventory. Refused, writing nothing, if the result is invalid.
   */
  async addNodes(nodes: readonly NodeInput[]): Promise<InventoryState> {
    const { path, explicit } = this.options
    if (!explicit && !(await exists(path))) return this.create(inventoryTextWithNodes(defaultInventory, nodes))
    const text = addNodesToYaml(await readFile(path, 'utf8'), nodes)
    const parsed = parseInventory(text, path)
    if (!parsed.ok) {
      const problems = parsed.problems.map((problem) => (problem.path ? `${problem.path}: ${problem.message}` : problem.message))
      throw new Error(`adding the nodes would make the inventory invalid, so nothing was written: ${problems.join('; ')}`)
    }
    await writeFileAtomic(path, text)
    return this.applyGood(parsed.inventory)
  }

  close(): void {
    this.stopWatching()
  }

  private stopWatching(): void {
    clearTimeout(this.reloadTimer)
    this.watcher?.close()
    this.watcher = undefined
  }

  private async readAndApply(): Promise<InventoryState> {
    const { path, explicit } = this.options
    let text: string
    try {
      text = await readFile(path, 'utf8')
    } catch (error) {
      const missing = (error as NodeJS.ErrnoException).code === 'ENOENT'
      if (missing && !explicit) {
        return this.apply({ inventory: defaultInventory, source: { kind: 'default', path }, problems: [] })
      }
      const reason = missing ? 'the file does not exist' : (error as Error).message
      return this.applyProblems([{ file: path, line: null, column: null, path: null, message: reason }])
    }
    const parsed = parseInventory(text, path)
    if (!parsed.ok) return this.applyProblems(parsed.problems)
    return this.applyGood(parsed.inventory)
  }

  private applyGood(inventory: Inventory): InventoryState {
    this.options.settings.set(lastGoodKeyPrefix + this.options.path, inventory)
    return this.apply({ inventory, source: { kind: 'file', path: this.options.path }, problems: [] })
  }

  private applyProblems(problems: readonly InventoryProblem[]): InventoryState {
    return this.apply({
      inventory: this.state.inventory,
      source: { kind: 'file', path: this.options.path },
      problems: [...problems]
    })
  }

  private apply(next: Omit<InventoryState, 'loadedAt'>): InventoryState {
    this.state = { ...next, loadedAt: Date.now() }
    this.options.onChange(this.state)
    return this.state
  }

  private lastGood(): Inventory | undefined {
    const stored = Inventory.safeParse(this.options.settings.get(lastGoodKeyPrefix + this.options.path))
    return stored.success ? stored.data : undefined
  }
}

function exists(path: string): Promise<boolean> {
  return access(path).then(
    () => true,
    () => false
  )
}
