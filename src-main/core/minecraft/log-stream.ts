import type { Client, ClientChannel } from 'ssh2'
import type { LogState } from '../../../src-shared/minecraft'
import { channelOpenError } from '../ssh/channels'
import { backlogLines, logCommand } from './log-command'
import { LineSplitter, linesAfter } from './log-lines'
import type { LogSource } from './minecraft-servers'

export interface LogPace {
  /** Least time between two events of one log (50 ms: at most 20 a second). */
  readonly flushMs: number
  readonly maxLinesPerEvent: number
  /** Lines waiting past this pause the SSH channel until half of them are sent. */
  readonly pauseAboveLines: number
  /** A reconnect's repeated lines are all in once none came for this long (or all 500 did). */
  readonly backlogQuietMs: number
  /** Delay before reconnect attempt n (1-based). */
  backoffMs(attempt: number): number
  /**
   * A log command that ran this long was a success: the next drop starts the backoff over. One
   * that ends at once (`docker logs` of a stopped container, no journald) keeps backing off.
   */
  readonly stableMs: number
}

export const defaultLogPace: LogPace = {
  flushMs: 50,
  maxLinesPerEvent: 500,
  pauseAboveLines: 5000,
  backlogQuietMs: 300,
  backoffMs: (attempt) => Math.min(30_000, 1000 * 2 ** (attempt - 1)),
  stableMs: 30_000
}

export interface LogStreamOptions {
  readonly logId: string
  readonly serverId: string
  readonly source: LogSource
  /** The node's pooled SSH connection. */
  readonly acquire: () => Promise<Client>
  /** Keeps the node's connection reopened while the log is open; returns its release. */
  readonly retain: () => () => void
  readonly emitLines: (lines: string[]) => void
  readonly emitState: (state: LogState) => void
  readonly pace: LogPace
}

/** Lines shown last, to find where to go on after a reconnect. */
const anchorLines = 3

/**
 * One server log followed over SSH: the last lines first, then live lines, batched; reopened
 * with backoff when the channel or the connection drops, without repeating lines already sent.
 */
export class LogStream {
  private channel: ClientChannel | undefined
  private pending: string[] = []
  private shown: string[] = []
  /** Lines of a reconnect's backlog, held until it is all in; undefined when not resuming. */
  private backlog: string[] | undefined
  private flushTimer: NodeJS.Timeout | undefined
  private backlogTimer: NodeJS.Timeout | undefined
  private retryTimer: NodeJS.Timeout | undefined
  private lastFlush = 0
  private attempt = 0
  private paused = false
  private closed = false
  private lastState: { state: LogState['state']; message: string | null } | undefined
  private readonly release: () => void

  constructor(private readonly options: LogStreamOptions) {
    this.release = options.retain()
    this.state('connecting', null)
    void this.attach()
  }

  close(message: string | null = null): void {
    if (this.closed) return
    this.closed = true
    clearTimeout(this.retryTimer)
    clearTimeout(this.backlogTimer)
    this.endBacklog()
    this.flush()
    clearTimeout(this.flushTimer)
    this.detach()
    this.release()
    this.state('closed', message)
  }

  private async attach(): Promise<void> {
    const command = logCommand(this.options.source)
    if (!command.ok) {
      this.close(command.reason)
      return
    }
    let client: Client
    try {
      client = await this.options.acquire()
    } catch (error) {
      this.retry(`no SSH connection: ${error instanceof Error ? error.message : String(error)}`)
      return
    }
    if (this.closed) return
    client.exec(command.command, (error, channel) => {
      if (this.closed) {
        channel?.close()
        return
      }
      if (error) {
        this.retry(`the node refused to run the log command: ${channelOpenError(error).message}`)
        return
      }
      this.follow(channel)
    })
  }

  private follow(channel: ClientChannel): void {
    this.channel = channel
    this.backlog = this.shown.length > 0 ? [] : undefined
    const stdout = new LineSplitter()
    const stderr = new LineSplitter()
    // docker logs prints the container's stderr on its own stderr: those are log lines too.
    const stderrIsLog = this.options.source.kind === 'docker'
    let exit: { code: number | null; signal: string | null } | undefined
    let lastError = ''
    const openedAt = Date.now()
    channel.on('data', (chunk: Buffer) => this.received(stdout.push(chunk)))
    channel.stderr.on('data', (chunk: Buffer) => {
      const lines = stderr.push(chunk)
      if (stderrIsLog) this.received(lines)
      else if (lines.length > 0) this.state('streaming', lines.at(-1) ?? null)
      lastError = lines.filter((line) => line.trim() !== '').at(-1) ?? lastError
    })
    channel.on('exit', (code: number | null, signal?: string) => (exit = { code, signal: signal ?? null }))
    channel.on('close', () => {
      if (this.channel !== channel) return
      this.channel = undefined
      this.received([...stdout.end(), ...(stderrIsLog ? stderr.end() : [])])
      this.endBacklog()
      if (this.closed) return
      if (Date.now() - openedAt >= this.options.pace.stableMs) this.attempt = 0
      const how = exit?.code != null ? `exit code ${exit.code}` : exit?.signal ? `signal ${exit.signal}` : 'the channel closed'
      this.retry(`the log command ended (${how})${lastError ? `: ${lastError}` : ''}`)
    })
    this.state('streaming', null)
  }

  private received(lines: readonly string[]): void {
    if (lines.length === 0 || this.closed) return
    if (this.backlog) {
      this.backlog.push(...lines)
      clearTimeout(this.backlogTimer)
      if (this.backlog.length >= backlogLines) this.endBacklog()
      else this.backlogTimer = setTimeout(() => this.endBacklog(), this.options.pace.backlogQuietMs)
      return
    }
    this.queue(lines)
  }

  private endBacklog(): void {
    clearTimeout(this.backlogTimer)
    const backlog = this.backlog
    this.backlog = undefined
    if (backlog && backlog.length > 0) this.queue(linesAfter(this.shown, backlog))
  }

  private queue(lines: readonly string[]): void {
    if (lines.length === 0) return
    this.pending.push(...lines)
    this.shown = [...this.shown, ...lines].slice(-anchorLines)
    if (!this.paused && this.pending.length > this.options.pace.pauseAboveLines) {
      this.paused = true
      this.channel?.pause()
    }
    this.scheduleFlush()
  }

  private scheduleFlush(): void {
    if (this.flushTimer !== undefined || this.pending.length === 0) return
    const wait = Math.max(0, this.lastFlush + this.options.pace.flushMs - Date.now())
    this.flushTimer = setTimeout(() => {
      this.flushTimer = undefined
      this.flush()
      this.scheduleFlush()
    }, wait)
  }

  private flush(): void {
    if (this.pending.length === 0) return
    const lines = this.pending.splice(0, this.options.pace.maxLinesPerEvent)
    this.lastFlush = Date.now()
    this.options.emitLines(lines)
    if (this.paused && this.pending.length <= this.options.pace.pauseAboveLines / 2) {
      this.paused = false
      this.channel?.resume()
    }
  }

  private retry(message: string): void {
    if (this.closed) return
    this.detach()
    this.attempt += 1
    this.state('reconnecting', message)
    clearTimeout(this.retryTimer)
    this.retryTimer = setTimeout(() => void this.attach(), this.options.pace.backoffMs(this.attempt))
  }

  /** Ends the channel's input, which ends the follower on the node (see log-command.ts), then closes it. */
  private detach(): void {
    const channel = this.channel
    this.channel = undefined
    this.paused = false
    if (!channel) return
    channel.end()
    channel.close()
  }

  private state(state: LogState['state'], message: string | null): void {
    if (this.lastState?.state === state && this.lastState.message === message) return
    this.lastState = { state, message }
    this.options.emitState({ logId: this.options.logId, serverId: this.options.serverId, state, message })
  }
}
