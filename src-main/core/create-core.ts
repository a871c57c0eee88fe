import { homedir } from 'node:os'
import { join } from 'node:path'
import type { AppInfo } from '../../src-shared/contract'
import { EventHub } from './events'
import { checkExternalUrl } from './external-url'
import { createHealth, type HealthFeature, type HealthPolling } from './health/create-health'
import { createImagegen, type ImagegenTuning } from './imagegen/create-imagegen'
import { loadExamples } from './inventory/examples'
import { InventoryService } from './inventory/inventory-service'
import { createMinecraft, type MinecraftTuning } from './minecraft/create-minecraft'
import { createOllama, type OllamaTuning } from './ollama/create-ollama'
import { defaultInventoryPath } from './paths'
import { createDispatcher, type Dispatch } from './rpc/dispatcher'
import { createFileKeyCipher } from './secrets/file-key-cipher'
import type { SecretCipher } from './secrets/secret-cipher'
import { createSsh, type SshFeature } from './ssh/create-ssh'
import type { ConnectionTiming } from './ssh/node-connection'
import { openDatabase } from './store/database'
import { SettingsStore } from './store/settings'

/** What the host (Electron or the headless server) gives the core; the core never imports electron. */
export interface Platform {
  readonly mode: AppInfo['mode']
  /** Opens a checked URL in the system browser; false when the page has to open it itself. */
  openExternal(url: string): Promise<boolean>
  /** The OS keychain (Electron safeStorage); without it, a key file in the data dir. */
  readonly secretCipher?: SecretCipher
  /** A desktop notification; without it (headless) the page shows status changes as toasts. */
  notify?(title: string, body: string): void
  /** Shows a file in the system's file manager; without it (headless) the page says there is none. */
  showItemInFolder?(path: string): boolean
}

export interface CoreOptions {
  readonly dataDir: string
  /** An inventory file the user named; without it the data dir's inventory.yaml is used. */
  readonly inventoryPath?: string
  readonly examplesDir: string
  readonly version: string
  readonly platform: Platform
  /** The user's OpenSSH folder (default ~/.ssh): known_hosts, config, default keys. */
  readonly sshDir?: string
  readonly env?: NodeJS.ProcessEnv
  readonly sshTiming?: Partial<ConnectionTiming>
  /** Health polling: on unless `poll` is false (tests of other features); node probe timing. */
  readonly health?: HealthPolling
  /** Timeouts of calls to Ollama and the pace of the playground's events (tests shorten them). */
  readonly ollama?: OllamaTuning
  /** RCON timeouts and the pace of log events (tests shorten them). */
  readonly minecraft?: MinecraftTuning
  /** Image-generation timings and the address the seed worker's callbacks come to (off by default). */
  readonly imagegen?: ImagegenTuning
}

export interface Core {
  readonly dispatch: Dispatch
  readonly events: EventHub
  readonly settings: SettingsStore
  readonly ssh: SshFeature
  readonly health: HealthFeature
  /**
   * A page went away (socket closed, window closed): output it never acknowledged must not keep
   * shells paused, and the logs it opened stop. Without a caller, every page's logs stop.
   */
  rendererGone(caller?: string): void
  close(): void
}

export async function createCore(options: CoreOptions): Promise<Core> {
  const events = new EventHub()
  const db = openDatabase(options.dataDir)
  const settings = new SettingsStore(db)
  // The SSH feature follows the inventory, which is created next; it reads it only when used.
  const ssh = createSsh({
    dataDir: options.dataDir,
    sshDir: options.sshDir ?? join(homedir(), '.ssh'),
    cipher: options.platform.secretCipher ?? (await createFileKeyCipher(options.dataDir)),
    env: options.env ?? process.env,
    inventory: {
      current: () => inventory.current(),
      addNodes: (nodes) => inventory.addNodes(nodes)
    },
    events,
    ...(options.sshTiming && { timing: options.sshTiming })
  })
  const health = createHealth({
    db,
    events,
    inventory: () => inventory.current().inventory,
    pool: ssh.pool,
    ...(options.health && { polling: options.health }),
    ...(options.platform.notify && { notify: options.platform.notify })
  })
  const ollama = createOllama({ db, events, ...(options.ollama && { tuning: options.ollama }) })
  // An RCON password is an inventory secret reference, read as SSH reads its own.
  const minecraft = createMinecraft({
    db,
    settings,
    events,
    pool: ssh.pool,
    resolveSecret: ssh.resolveSecret,
    ...(options.minecraft && { tuning: options.minecraft })
  })
  const imagegen = await createImagegen({
    db,
    events,
    settings,
    dataDir: options.dataDir,
    ...(options.imagegen && { tuning: options.imagegen }),
    ...(options.platform.showItemInFolder && { showItemInFolder: (path: string) => options.platform.showItemInFolder!(path) })
  })
  const inventory = new InventoryService({
    path: options.inventoryPath ?? defaultInventoryPath(options.dataDir),
    explicit: options.inventoryPath !== undefined,
    settings,
    onChange: (state) => {
      ssh.reconcile(state.inventory)
      health.apply(state.inventory)
      ollama.apply(state.inventory)
      minecraft.apply(state.inventory)
      imagegen.apply(state.inventory)
      events.emit('inventory.changed', state)
    }
  })
  await inventory.load()
  await inventory.watch()
  const examples = await loadExamples(options.examplesDir)

  const dispatch = createDispatcher({
    'app.info': () => ({
      name: 'Homelab Console',
      version: options.version,
      mode: options.platform.mode,
      dataDir: options.dataDir,
      platform: process.platform
    }),
    'inventory.get': () => inventory.current(),
    'inventory.reload': () => inventory.load(),
    'inventory.examples': () => examples.map((example) => example.summary),
    'inventory.useExample': ({ id }) => {
      const example = examples.find((candidate) => candidate.summary.id === id)
      if (!example) throw new Error(`there is no example homelab "${id}"`)
      return inventory.create(example.text)
    },
    'shell.openExternal': async ({ url }) => {
      const checked = checkExternalUrl(url)
      if (!checked.ok) throw new Error(checked.reason)
      return { opened: await options.platform.openExternal(checked.url) }
    },
    ...ssh.handlers,
    ...health.handlers,
    ...ollama.handlers,
    ...minecraft.handlers,
    ...imagegen.handlers
  })

  return {
    dispatch,
    events,
    settings,
    ssh,
    health,
    rendererGone: (caller) => {
      ssh.terminals.releaseFlowControl()
      minecraft.closeLogs(caller)
    },
    close() {
      // Answers still streaming are kept as interrupted, which needs the database open.
      ollama.close()
      minecraft.close()
      // Jobs on the workers keep their state: the next start re-attaches them.
      void imagegen.close()
      health.close()
      ssh.close()
      inventory.close()
      db.close()
    }
  }
}
