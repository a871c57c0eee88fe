import { join } from 'node:path'
import type { Inventory, SecretRef } from '../../../src-shared/inventory'
import type { EventHub } from '../events'
import type { InventoryService } from '../inventory/inventory-service'
import { previewSshConfig } from '../inventory/ssh-config-import'
import type { Handlers } from '../rpc/dispatcher'
import { resolveSecretRef } from '../secrets/resolve-secret'
import type { SecretCipher } from '../secrets/secret-cipher'
import { SecretStore } from '../secrets/secret-store'
import { TerminalService } from '../terminals/terminal-service'
import type { ShellHandlers, ShellSession, ShellSize } from '../terminals/shell-session'
import { agentSockets } from './auth-plan'
import { ConnectionPool } from './connection-pool'
import type { ConnectionTiming } from './node-connection'
import { KnownHosts } from './known-hosts'

export interface SshOptions {
  readonly dataDir: string
  /** The user's OpenSSH folder: known_hosts, config and default keys are read from it. */
  readonly sshDir: string
  readonly cipher: SecretCipher
  readonly env: NodeJS.ProcessEnv
  readonly inventory: Pick<InventoryService, 'current' | 'addNodes'>
  readonly events: EventHub
  readonly timing?: Partial<ConnectionTiming>
  readonly openLocal?: (size: ShellSize, handlers: ShellHandlers) => ShellSession
}

type SshHandlerName = Extract<keyof Handlers, `ssh.${string}` | `terminal.${string}`>

export interface SshFeature {
  readonly pool: ConnectionPool
  readonly terminals: TerminalService
  readonly handlers: Pick<Handlers, SshHandlerName>
  /** The value of an inventory secret reference (`env:` or `secret:`), from the same store and environment SSH uses. */
  resolveSecret(ref: SecretRef): Promise<string | undefined>
  /** Follows an inventory change: removed or changed nodes drop their connection and tabs. */
  reconcile(inventory: Inventory): void
  close(): void
}

/** SSH connections, host keys, secrets and terminals, wired together. */
export function createSsh(options: SshOptions): SshFeature {
  const inventory = () => options.inventory.current().inventory
  const store = new SecretStore(join(options.dataDir, 'secrets.json'), options.cipher)
  const resolveSecret = (ref: SecretRef) => resolveSecretRef(ref, store, options.env)
  const pool = new ConnectionPool({
    inventory,
    knownHosts: new KnownHosts({ userFiles: [join(options.sshDir, 'known_hosts')], ownFile: join(options.dataDir, 'known_hosts') }),
    secrets: {
      recall: (name) => store.get(name),
      remember: (name, value) => store.set(name, value),
      cannotRemember: () => (options.cipher.available ? undefined : `secrets cannot be stored encrypted here (${options.cipher.description})`),
      resolve: resolveSecret
    },
    agents: agentSockets(options.env, process.platform),
    sshDir: options.sshDir,
    ...(options.timing && { timing: options.timing }),
    onState: (state) => {
      options.events.emit('ssh.state', state)
      terminals.onConnection(state)
    }
  })
  const terminals: TerminalService = new TerminalService({
    pool,
    inventory,
    events: options.events,
    ...(options.openLocal && { openLocal: options.openLocal })
  })
  const configPath = join(options.sshDir, 'config')
  const empty = {}

  const handlers: SshFeature['handlers'] = {
    'ssh.connections': () => pool.states(),
    'ssh.connect': ({ nodeId }) => pool.connect(nodeId),
    'ssh.acceptHostKey': ({ nodeId, fingerprint }) => pool.acceptHostKey(nodeId, fingerprint),
    'ssh.replaceHostKey': ({ nodeId, fingerprint }) => pool.replaceHostKey(nodeId, fingerprint),
    'ssh.authenticate': ({ nodeId, secret, remember }) => pool.authenticate(nodeId, secret, remember),
    'ssh.importConfig.preview': () => previewSshConfig({ configPath, inventory: inventory() }),
    'ssh.importConfig.apply': async ({ aliases }) => {
      const preview = await previewSshConfig({ configPath, inventory: inventory() })
      const chosen = preview.candidates.filter((candidate) => aliases.includes(candidate.alias) && !candidate.exists)
      if (chosen.length === 0) throw new Error('none of the chosen hosts can be imported: they are gone from the config or already in the inventory')
      return options.inventory.addNodes(chosen.map((candidate) => candidate.node))
    },
    'terminal.open': ({ nodeId, cols, rows }) => terminals.open(nodeId, { cols, rows }),
    'terminal.list': () => terminals.list(),
    'terminal.replay': ({ terminalId }) => ({ data: terminals.replay(terminalId) }),
    'terminal.input': ({ terminalId, data }) => (terminals.input(terminalId, data), empty),
    'terminal.resize': ({ terminalId, cols, rows }) => (terminals.resize(terminalId, { cols, rows }), empty),
    'terminal.ack': ({ terminalId, length }) => (terminals.ack(terminalId, length), empty),
    'terminal.close': ({ terminalId }) => (terminals.close(terminalId), empty)
  }

  return {
    pool,
    terminals,
    handlers,
    resolveSecret,
    reconcile(next) {
      pool.reconcile(next)
      terminals.reconcile(next)
    },
    close() {
      terminals.closeAll()
      pool.close()
    }
  }
}
