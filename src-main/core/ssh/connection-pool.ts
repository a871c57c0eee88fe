import type { Client } from 'ssh2'
import type { Inventory, SecretRef } from '../../../src-shared/inventory'
import type { SshConnectionState } from '../../../src-shared/ssh'
import { passphraseOpens, type KnownSecrets } from './auth-plan'
import { execOn, type ExecOptions, type ExecResult } from './channels'
import { SshUnavailableError } from './connection-errors'
import { fingerprintOf } from './host-key'
import type { KnownHosts } from './known-hosts'
import { NodeConnection, type ConnectionContext, type ConnectionTiming } from './node-connection'
import { jumpChain, sameTarget, sshTargetOf, type SshTarget } from './ssh-target'

/** Where remembered and inventory-referenced secrets come from. */
export interface SecretSource {
  /** A secret the user asked to remember, by name. */
  recall(name: string): Promise<string | undefined>
  /** Stores a secret encrypted; throws when it cannot (never falls back to clear text). */
  remember(name: string, value: string): Promise<void>
  /** Why secrets cannot be remembered here, or undefined when they can. */
  cannotRemember(): string | undefined
  /** The value of an inventory reference such as "env:PI_PASSWORD" or "secret:pi". */
  resolve(ref: SecretRef): Promise<string | undefined>
}

export interface PoolOptions {
  readonly inventory: () => Inventory
  readonly knownHosts: KnownHosts
  readonly secrets: SecretSource
  readonly agents: readonly string[]
  /** Where default key files are looked for (~/.ssh). */
  readonly sshDir?: string
  readonly timing?: Partial<ConnectionTiming>
  readonly onState: (state: SshConnectionState) => void
}

const defaultTiming: ConnectionTiming = {
  readyTimeoutMs: 15_000,
  keepaliveMs: 10_000,
  backoffMs: (attempt) => Math.min(30_000, 1000 * 2 ** (attempt - 1)) * (0.8 + Math.random() * 0.4)
}

const passphraseName = (keyPath: string) => `ssh-passphrase:${keyPath}`
const passwordName = (target: SshTarget) => `ssh-password:${target.username}@${target.host}:${target.port}`

/** One connection per node, shared by terminals, exec and metrics. */
export class ConnectionPool {
  private readonly connections = new Map<string, NodeConnection>()
  private readonly targets = new Map<string, SshTarget>()
  /** Answers the user gave in this run, by secret name; remembered ones live in the store. */
  private readonly given = new Map<string, string>()
  private readonly toRemember = new Map<string, string>()
  /** Terminals that want a node's connection, by node; kept here so it outlives a reconnect. */
  private readonly retainers = new Map<string, number>()
  private readonly context: ConnectionContext

  constructor(private readonly options: PoolOptions) {
    const timing = { ...defaultTiming, ...options.timing }
    this.context = {
      target: (nodeId) => {
        const result = sshTargetOf(options.inventory(), nodeId)
        if (result.ok) this.targets.set(nodeId, result.target)
        return result
      },
      via: (nodeId) => jumpChain(options.inventory(), nodeId),
      acquire: (nodeId) => this.acquire(nodeId),
      nodeName: (nodeId) => options.inventory().nodes.find((node) => node.id === nodeId)?.name ?? nodeId,
      knownHosts: options.knownHosts,
      secrets: this.knownSecrets(),
      agents: options.agents,
      sshDir: options.sshDir,
      timing,
      emit: options.onState,
      retained: (nodeId) => (this.retainers.get(nodeId) ?? 0) > 0,
      connected: (target) => void this.rememberAfterLogin(target)
    }
  }

  states(): SshConnectionState[] {
    return [...this.connections.values()].map((connection) => connection.state)
  }

  state(nodeId: string): SshConnectionState {
    return this.connection(nodeId).state
  }

  acquire(nodeId: string): Promise<Client> {
    return this.connection(nodeId).acquire()
  }

  connect(nodeId: string): Promise<SshConnectionState> {
    return this.connection(nodeId).connect()
  }

  /** While retained, the node's connection is reopened whenever it drops. */
  retain(nodeId: string): () => void {
    this.connection(nodeId)
    this.retainers.set(nodeId, (this.retainers.get(nodeId) ?? 0) + 1)
    let released = false
    return () => {
      if (released) return
      released = true
      const left = (this.retainers.get(nodeId) ?? 1) - 1
      if (left > 0) this.retainers.set(nodeId, left)
      else {
        this.retainers.delete(nodeId)
        this.connections.get(nodeId)?.released()
      }
    }
  }

  async exec(nodeId: string, command: string, options: ExecOptions): Promise<ExecResult> {
    return execOn(await this.acquire(nodeId), command, options)
  }

  async acceptHostKey(nodeId: string, fingerprint: string): Promise<SshConnectionState> {
    const connection = this.connection(nodeId)
    const pending = this.pendingKey(connection, 'host-key-unknown', fingerprint)
    await this.options.knownHosts.trust(pending.target.host, pending.target.port, pending.key)
    return connection.connect()
  }

  async replaceHostKey(nodeId: string, fingerprint: string): Promise<SshConnectionState> {
    const connection = this.connection(nodeId)
    const pending = this.pendingKey(connection, 'host-key-changed', fingerprint)
    await this.options.knownHosts.replace(pending.target.host, pending.target.port, pending.key)
    return connection.connect()
  }

  async authenticate(nodeId: string, secret: string, remember: boolean): Promise<SshConnectionState> {
    const connection = this.connection(nodeId)
    const prompt = connection.state.auth
    const target = this.targets.get(nodeId)
    if (connection.state.phase !== 'auth-needed' || !prompt || !target) {
      throw new Error(`${this.context.nodeName(nodeId)} is not waiting for a passphrase or password`)
    }
    const unavailable = remember ? this.options.secrets.cannotRemember() : undefined
    if (unavailable !== undefined) throw new Error(`${unavailable}; leave "Remember" unticked and it will be asked each time`)
    if (prompt.kind === 'passphrase' && prompt.keyPath !== null) {
      const name = passphraseName(prompt.keyPath)
      if (!(await passphraseOpens(prompt.keyPath, secret))) {
        this.given.set(name, secret)
        return connection.connect()
      }
      this.given.set(name, secret)
      if (remember) await this.options.secrets.remember(name, secret)
    } else {
      const name = passwordName(target)
      this.given.set(name, secret)
      // A password is only known to be right once the server took it.
      if (remember) this.toRemember.set(name, secret)
      else this.toRemember.delete(name)
    }
    return connection.connect()
  }

  /** Drops connections whose node left the inventory or now connects differently. */
  reconcile(inventory: Inventory): void {
    for (const [nodeId, connection] of this.connections) {
      const next = sshTargetOf(inventory, nodeId)
      const previous = this.targets.get(nodeId)
      if (next.ok && (previous === undefined || sameTarget(previous, next.target))) continue
      connection.close()
      this.connections.delete(nodeId)
      this.targets.delete(nodeId)
      this.options.onState({ ...connection.state, phase: 'idle', message: next.ok ? 'Settings changed; reconnects when needed' : next.message, retryAt: null })
    }
  }

  close(): void {
    for (const connection of this.connections.values()) connection.close()
    this.connections.clear()
  }

  private connection(nodeId: string): NodeConnection {
    let connection = this.connections.get(nodeId)
    if (!connection) {
      if (!this.options.inventory().nodes.some((node) => node.id === nodeId)) {
        throw new SshUnavailableError(nodeId, `there is no node "${nodeId}" in the inventory`)
      }
      connection = new NodeConnection(nodeId, this.context)
      this.connections.set(nodeId, connection)
    }
    return connection
  }

  private pendingKey(connection: NodeConnection, phase: SshConnectionState['phase'], fingerprint: string) {
    const pending = connection.pendingHostKey
    if (connection.state.phase !== phase || !pending) {
      throw new Error(`${this.context.nodeName(connection.nodeId)} has no ${phase === 'host-key-unknown' ? 'new' : 'changed'} host key waiting for a decision`)
    }
    if (fingerprintOf(pending.key) !== fingerprint) {
      throw new Error('the fingerprint does not match the key the server showed; nothing was trusted')
    }
    return pending
  }

  private knownSecrets(): KnownSecrets {
    return {
      passphrase: async (keyPath) => this.given.get(passphraseName(keyPath)) ?? (await this.options.secrets.recall(passphraseName(keyPath))),
      password: async (target) =>
        this.given.get(passwordName(target)) ??
        (await this.options.secrets.recall(passwordName(target))) ??
        (target.passwordRef === undefined ? undefined : await this.options.secrets.resolve(target.passwordRef))
    }
  }

  private async rememberAfterLogin(target: SshTarget): Promise<void> {
    const name = passwordName(target)
    const secret = this.toRemember.get(name)
    if (secret === undefined) return
    this.toRemember.delete(name)
    await this.options.secrets.remember(name, secret).catch(() => undefined)
  }
}
