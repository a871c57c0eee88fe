import { Client } from 'ssh2'
import type { SshConnectionState } from '../../../src-shared/ssh'
import { explainAuthFailure, planAuth, type AuthPlan, type KnownSecrets } from './auth-plan'
import { forwardOut } from './channels'
import { describeNetworkError, isAuthFailure, SshUnavailableError } from './connection-errors'
import { describeHostKey } from './host-key'
import { knownHostsName, type HostKeyVerdict, type KnownHosts } from './known-hosts'
import type { SshTarget, TargetResult } from './ssh-target'

export interface ConnectionTiming {
  /** TCP connect + handshake + authentication. */
  readonly readyTimeoutMs: number
  readonly keepaliveMs: number
  /** Delay before reconnect attempt n (1-based). */
  backoffMs(attempt: number): number
}

/** What a node's connection needs from the pool around it. */
export interface ConnectionContext {
  target(nodeId: string): TargetResult
  via(nodeId: string): string[]
  acquire(nodeId: string): Promise<Client>
  nodeName(nodeId: string): string
  readonly knownHosts: KnownHosts
  readonly secrets: KnownSecrets
  readonly agents: readonly string[]
  readonly sshDir: string | undefined
  readonly timing: ConnectionTiming
  emit(state: SshConnectionState): void
  /** Whether a terminal still wants this node's connection, so a drop is retried. */
  retained(nodeId: string): boolean
  /** Called once a connection made with a password the user asked to remember is in. */
  connected(target: SshTarget): void
}

type StatePatch = Pick<SshConnectionState, 'phase' | 'message'> & Partial<SshConnectionState>
/** What known_hosts said of the key the server showed, or why it could not be read. */
type Verdict = { result: HostKeyVerdict; key: Buffer; error?: undefined } | { result: undefined; key: Buffer; error: unknown }

/**
 * The one SSH connection the console keeps to a node: opened on demand, shared by every user
 * (terminals, exec, metrics), kept alive, and reopened with backoff while someone retains it.
 */
export class NodeConnection {
  private current: SshConnectionState
  private client: Client | undefined
  private attempt: Promise<Client> | undefined
  private failures = 0
  private retryTimer: NodeJS.Timeout | undefined
  private closed = false
  /** The key shown at the last refused handshake, which the user may now trust. */
  pendingHostKey: { target: SshTarget; key: Buffer } | undefined

  constructor(
    readonly nodeId: string,
    private readonly context: ConnectionContext
  ) {
    this.current = {
      nodeId,
      phase: 'idle',
      message: 'Not connected yet',
      since: Date.now(),
      via: [],
      hostKeyHost: null,
      presentedKey: null,
      knownKeys: [],
      auth: null,
      retryAt: null
    }
  }

  get state(): SshConnectionState {
    return this.current
  }

  /** The open connection, connecting first if needed; rejects while the user must act. */
  acquire(): Promise<Client> {
    if (this.closed) return Promise.reject(new SshUnavailableError(this.nodeId, 'the connection was closed'))
    if (this.client) return Promise.resolve(this.client)
    this.attempt ??= this.open().finally(() => (this.attempt = undefined))
    return this.attempt
  }

  /** A deliberate attempt: the user asked, so waiting out the backoff makes no sense. */
  async connect(): Promise<SshConnectionState> {
    this.clearRetry()
    this.failures = 0
    await this.acquire().catch(() => undefined)
    return this.current
  }

  /** Nobody wants the connection any more: no more reconnect attempts. */
  released(): void {
    this.clearRetry()
  }

  close(): void {
    this.closed = true
    this.clearRetry()
    const client = this.client
    this.client = undefined
    client?.end()
  }

  private async open(): Promise<Client> {
    this.clearRetry()
    const resolved = this.context.target(this.nodeId)
    if (!resolved.ok) throw this.fail({ phase: 'disconnected', message: resolved.message })
    const target = resolved.target
    let sock: NodeJS.ReadWriteStream | undefined
    try {
      const via = this.context.via(this.nodeId)
      const where = `${target.username}@${target.host}:${target.port}`
      const route = via.length > 0 ? ` through ${via.map((id) => this.context.nodeName(id)).join(' → ')}` : ''
      this.set({ phase: 'connecting', message: `Connecting to ${where}${route}…`, via })
      sock = target.jumpNodeId === undefined ? undefined : await this.tunnel(target, target.jumpNodeId)
      const plan = await planAuth(target, {
        secrets: this.context.secrets,
        agents: this.context.agents,
        ...(this.context.sshDir !== undefined && { sshDir: this.context.sshDir })
      })
      const client = new Client()
      const handshake = this.handshake(client, target, plan, sock)
      try {
        await handshake.ready
      } catch (error) {
        client.end()
        throw this.handshakeFailed(error, handshake.verdict(), target, plan)
      }
      return this.opened(client, target)
    } catch (error) {
      sock?.end()
      if (error instanceof SshUnavailableError) throw error
      // Not the network: a jump loop, an unreadable key or secret store. Retrying cannot help.
      throw this.fail({ phase: 'disconnected', message: `Cannot connect to ${target.host}:${target.port}: ${error instanceof Error ? error.message : String(error)}` })
    }
  }

  private async tunnel(target: SshTarget, jumpNodeId: string) {
    const jumpName = this.context.nodeName(jumpNodeId)
    try {
      const jump = await this.context.acquire(jumpNodeId)
      return await forwardOut(jump, target.host, target.port, this.context.timing.readyTimeoutMs)
    } catch (error) {
      const reason = error instanceof SshUnavailableError ? error.message : describeNetworkError(error, this.context.timing.readyTimeoutMs)
      throw this.dropped(`Cannot reach ${target.host}:${target.port} through ${jumpName}: ${reason}`)
    }
  }

  private handshake(client: Client, target: SshTarget, plan: AuthPlan, sock: NodeJS.ReadWriteStream | undefined) {
    let verdict: Verdict | undefined
    const ready = new Promise<void>((resolve, reject) => {
      client.once('ready', resolve)
      // Agent errors are not fatal: ssh2 goes on with the next method.
      client.on('error', (error: Error & { level?: string }) => error.level !== 'agent' && reject(error))
      client.once('close', () => reject(new Error('the server closed the connection during the handshake')))
    })
    client.connect({
      host: target.host,
      port: target.port,
      ...(sock && { sock: sock as never }),
      username: target.username,
      readyTimeout: this.context.timing.readyTimeoutMs,
      keepaliveInterval: this.context.timing.keepaliveMs,
      keepaliveCountMax: 3,
      authHandler: plan.handler,
      hostVerifier: (key: Buffer, verify: (valid: boolean) => void) => {
        this.context.knownHosts.verify(target.host, target.port, key).then(
          (result) => {
            verdict = { result, key }
            verify(result.verdict === 'trusted')
          },
          (error: unknown) => {
            verdict = { result: undefined, key, error }
            verify(false)
          }
        )
      }
    })
    return { ready, verdict: () => verdict }
  }

  private handshakeFailed(error: unknown, verdict: Verdict | undefined, target: SshTarget, plan: AuthPlan): Error {
    const hostKeyHost = knownHostsName(target.host, target.port)
    if (verdict && verdict.result === undefined) {
      const reason = verdict.error instanceof Error ? verdict.error.message : String(verdict.error)
      return this.fail({ phase: 'disconnected', message: `Cannot check the host key of ${hostKeyHost}: ${reason}` })
    }
    if (verdict?.result && verdict.result.verdict !== 'trusted') {
      const presentedKey = describeHostKey(verdict.key)
      this.pendingHostKey = { target, key: verdict.key }
      if (verdict.result.verdict === 'unknown') {
        return this.fail({
          phase: 'host-key-unknown',
          message: `First connection to ${hostKeyHost}: compare the fingerprint with the server's, then trust it`,
          hostKeyHost,
          presentedKey
        })
      }
      const result = verdict.result
      return this.fail({
        phase: 'host-key-changed',
        message:
          result.verdict === 'changed'
            ? `The host key of ${hostKeyHost} differs from the one in ${result.file}:${result.line}; the connection was refused`
            : `The host key of ${hostKeyHost} is marked @revoked in ${result.file}:${result.line}; the connection was refused`,
        hostKeyHost,
        presentedKey,
        knownKeys: result.verdict === 'changed' ? result.known : []
      })
    }
    if (isAuthFailure(error)) {
      const outcome = explainAuthFailure(plan, target)
      if (outcome.kind === 'prompt') {
        const asked = outcome.prompt.kind === 'passphrase' ? `the passphrase of ${outcome.prompt.keyPath}` : `the password of ${target.username}@${target.host}`
        return this.fail({ phase: 'auth-needed', message: `${outcome.prompt.retry ? 'That was not accepted. ' : ''}Enter ${asked}`, auth: outcome.prompt })
      }
      return this.fail({ phase: 'disconnected', message: `Login refused: ${outcome.message}` })
    }
    return this.dropped(`Cannot connect to ${target.host}:${target.port}: ${describeNetworkError(error, this.context.timing.readyTimeoutMs)}`)
  }

  private opened(client: Client, target: SshTarget): Client {
    if (this.closed) {
      client.end()
      throw new SshUnavailableError(this.nodeId, 'the connection was closed')
    }
    let lastError: Error | undefined
    client.removeAllListeners('error')
    client.removeAllListeners('close')
    client.on('error', (error: Error) => (lastError = error))
    client.once('close', () => {
      if (this.client !== client) return
      this.client = undefined
      const reason = lastError ? describeNetworkError(lastError, this.context.timing.keepaliveMs * 3) : 'the server closed it'
      this.dropped(`Connection to ${target.host}:${target.port} lost: ${reason}`)
    })
    this.client = client
    this.failures = 0
    this.pendingHostKey = undefined
    this.set({ phase: 'ready', message: `Connected to ${target.username}@${target.host}:${target.port}` })
    this.context.connected(target)
    return client
  }

  /** A network failure: reported, and retried with backoff while someone needs the connection. */
  private dropped(message: string): Error {
    this.clearRetry()
    if (this.closed || !this.context.retained(this.nodeId)) return this.fail({ phase: 'disconnected', message })
    // One event that says both what happened and when the next attempt is, so nobody reads
    // the drop as final.
    this.failures++
    const delay = this.context.timing.backoffMs(this.failures)
    const error = this.fail({ phase: 'disconnected', message, retryAt: Date.now() + delay })
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined
      this.acquire().catch(() => undefined)
    }, delay)
    return error
  }

  private clearRetry(): void {
    if (this.retryTimer) clearTimeout(this.retryTimer)
    this.retryTimer = undefined
  }

  private fail(patch: StatePatch): SshUnavailableError {
    this.set(patch)
    return new SshUnavailableError(this.nodeId, patch.message)
  }

  private set(patch: StatePatch): void {
    // A connection the pool replaced must not speak for the node any more.
    if (this.closed) return
    const keepsHostKey = patch.phase === 'host-key-unknown' || patch.phase === 'host-key-changed'
    this.current = {
      nodeId: this.nodeId,
      since: patch.phase === this.current.phase ? this.current.since : Date.now(),
      via: this.current.via,
      hostKeyHost: keepsHostKey ? this.current.hostKeyHost : null,
      presentedKey: keepsHostKey ? this.current.presentedKey : null,
      knownKeys: [],
      auth: null,
      retryAt: null,
      ...patch
    }
    this.context.emit(this.current)
  }
}
