import { RconConnection, RconError, type RconAddress } from './rcon-connection'
import { maxPayloadBytes } from './rcon-packet'

export interface RconTimeouts {
  /** TCP connect and login. */
  readonly connectMs: number
  /** One command, from sending it to the last chunk of its reply. */
  readonly commandMs: number
  /** An unused connection is closed after this: the server keeps a thread per connection. */
  readonly idleMs: number
}

export const defaultRconTimeouts: RconTimeouts = { connectMs: 5000, commandMs: 10_000, idleMs: 5 * 60_000 }

export interface RconClientOptions extends RconAddress {
  /** Asked at each login, so a changed environment or secret is picked up on reconnect. */
  readonly password: () => Promise<string>
  readonly timeouts?: Partial<RconTimeouts>
}

/**
 * A server's RCON console: commands go out one at a time over one connection, which is opened
 * on first use and again after the server restarted or the connection broke.
 */
export class RconClient {
  private connection: RconConnection | undefined
  private queue: Promise<unknown> = Promise.resolve()
  private idleTimer: NodeJS.Timeout | undefined
  private closed = false
  private readonly timeouts: RconTimeouts

  constructor(private readonly options: RconClientOptions) {
    this.timeouts = { ...defaultRconTimeouts, ...options.timeouts }
  }

  /**
   * The whole reply, colour codes and all; refuses a command the server could not read before
   * sending anything. `timeoutMs` replaces the usual command timeout for one known to take long.
   */
  command(text: string, timeoutMs = this.timeouts.commandMs): Promise<string> {
    const bytes = Buffer.byteLength(text, 'utf8')
    if (bytes > maxPayloadBytes) {
      return Promise.reject(new RconError(`the command is ${bytes} bytes long; RCON takes at most ${maxPayloadBytes} (a longer one would close the connection)`))
    }
    const run = this.queue.then(() => this.run(text, timeoutMs))
    this.queue = run.catch(() => undefined)
    return run
  }

  close(): void {
    this.closed = true
    clearTimeout(this.idleTimer)
    this.connection?.destroy()
    this.connection = undefined
  }

  private async run(text: string, timeoutMs: number): Promise<string> {
    clearTimeout(this.idleTimer)
    if (this.closed) throw new RconError('the RCON client was closed')
    const connection = await this.connected()
    try {
      return await connection.execute(text, timeoutMs)
    } finally {
      if (!connection.open && this.connection === connection) this.connection = undefined
      // Unref'd: an idle connection must not keep the process alive.
      if (!this.closed) this.idleTimer = setTimeout(() => this.dropIdle(), this.timeouts.idleMs).unref()
    }
  }

  private async connected(): Promise<RconConnection> {
    if (this.connection?.open) return this.connection
    this.connection = undefined
    const password = await this.options.password()
    const connection = await RconConnection.open({ host: this.options.host, port: this.options.port }, password, this.timeouts.connectMs)
    if (this.closed) {
      connection.destroy()
      throw new RconError('the RCON client was closed')
    }
    this.connection = connection
    return connection
  }

  private dropIdle(): void {
    this.connection?.destroy()
    this.connection = undefined
  }
}
