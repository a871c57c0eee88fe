import type { Client } from 'ssh2'
import type { LogLines, LogState } from '../../../src-shared/minecraft'
import { LogStream, type LogPace } from './log-stream'
import type { MinecraftServer } from './minecraft-servers'

export interface LogStreamsOptions {
  readonly acquire: (nodeId: string) => Promise<Client>
  readonly retain: (nodeId: string) => () => void
  readonly emitLines: (lines: LogLines) => void
  readonly emitState: (state: LogState) => void
  readonly pace: LogPace
}

/**
 * Pages that reload without closing their logs must not pile up followers on the node; each log
 * is an SSH session, and sshd allows 10 per connection by default (MaxSessions), terminals included.
 */
const maxOpenLogs = 6

/** The server logs the pages have open, by log id. */
export class LogStreams {
  private readonly open = new Map<string, { serverId: string; caller: string; stream: LogStream }>()
  private lastId = 0

  constructor(private readonly options: LogStreamsOptions) {}

  /** `caller` is the page that opened it, whose going closes it. */
  start(server: MinecraftServer, caller: string): string {
    const source = server.log
    if (!source) throw new Error(`${server.name} has no log configured: set log (the log file), unit or container in the inventory`)
    if (this.open.size >= maxOpenLogs) {
      const [oldest] = this.open.keys()
      if (oldest !== undefined) this.stop(oldest, `more than ${maxOpenLogs} logs were open`)
    }
    const logId = `l${++this.lastId}`
    const stream = new LogStream({
      logId,
      serverId: server.id,
      source,
      acquire: () => this.options.acquire(server.nodeId),
      retain: () => this.options.retain(server.nodeId),
      emitLines: (lines) => this.options.emitLines({ logId, lines }),
      emitState: this.options.emitState,
      pace: this.options.pace
    })
    this.open.set(logId, { serverId: server.id, caller, stream })
    return logId
  }

  /** Closing a log that is already closed is not an error: the page and the core may both have. */
  stop(logId: string, message: string | null = null): void {
    this.open.get(logId)?.stream.close(message)
    this.open.delete(logId)
  }

  /** Logs of servers no longer in the inventory, or whose log settings changed. */
  stopWhere(stale: (serverId: string) => boolean, message: string): void {
    for (const [logId, { serverId }] of this.open) if (stale(serverId)) this.stop(logId, message)
  }

  /** The logs `caller` opened, or every log. */
  stopAll(caller?: string): void {
    for (const [logId, log] of [...this.open]) if (caller === undefined || log.caller === caller) this.stop(logId)
  }
}
