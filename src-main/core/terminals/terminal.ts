import { waitsForUser, type SshConnectionState, type TerminalInfo, type TerminalPhase } from '../../../src-shared/ssh'
import { OutputBatcher } from './output-batcher'
import { ReplayBuffer } from './replay-buffer'
import type { ShellHandlers, ShellSession, ShellSize } from './shell-session'

export interface TerminalDeps {
  /** Opens a new shell for this terminal's node. */
  openShell(size: ShellSize, handlers: ShellHandlers): Promise<ShellSession>
  /** Keeps the node's connection reopening while the tab is open; returns the release. */
  retain(): () => void
  /** The node's connection now; undefined for a local shell. */
  connection(): SshConnectionState | undefined
  emitOutput(data: string): void
  emitState(info: TerminalInfo): void
}

/** How long to wait for the connection's own state before trying a new shell anyway. */
const reopenGraceMs = 1000
/** Keystrokes kept for a shell that is still opening. */
const typeaheadLimit = 64 * 1024

/**
 * One terminal tab. Its shell may come and go (a dropped connection opens a new one on the same
 * tab, so the renderer keeps its scrollback); its output is batched and flow-controlled.
 */
export class Terminal {
  private session: ShellSession | undefined
  private opening = false
  private hadSession = false
  private phase: TerminalPhase = 'connecting'
  private message: string | null = null
  private size: ShellSize
  private release: (() => void) | undefined
  private reopenTimer: NodeJS.Timeout | undefined
  private typeahead = ''
  private readonly replayBuffer = new ReplayBuffer()
  private readonly batcher: OutputBatcher

  constructor(
    readonly id: string,
    readonly nodeId: string,
    readonly title: string,
    size: ShellSize,
    private readonly deps: TerminalDeps
  ) {
    this.size = size
    this.batcher = new OutputBatcher({
      emit: (data) => {
        this.replayBuffer.append(data)
        deps.emitOutput(data)
      },
      pause: () => this.session?.pause(),
      resume: () => this.session?.resume()
    })
  }

  start(): void {
    this.release = this.deps.retain()
    this.emit()
    void this.openShell()
  }

  info(): TerminalInfo {
    return {
      terminalId: this.id,
      nodeId: this.nodeId,
      title: this.title,
      phase: this.phase,
      message: this.message,
      cols: this.size.cols,
      rows: this.size.rows,
      sentLength: this.batcher.sent,
      ackedLength: this.batcher.acked
    }
  }

  input(data: string): void {
    if (this.session) {
      this.session.write(data)
      return
    }
    // While the connection waits for the user (a host key to judge, a password), keys are not
    // for the shell: kept, they would run whenever the question is answered, maybe much later.
    const connection = this.deps.connection()
    if (connection && waitsForUser(connection.phase)) {
      this.typeahead = ''
      throw new Error(`the terminal on ${this.title} waits for an answer about its connection: ${connection.message}`)
    }
    // What is typed while the first shell opens goes to it, as in any terminal; after a drop,
    // typing blind into a new shell could run half a command, so that is refused.
    if (this.phase === 'connecting' && this.typeahead.length + data.length <= typeaheadLimit) {
      this.typeahead += data
      return
    }
    throw new Error(`the terminal on ${this.title} has no shell right now (${this.message ?? this.phase})`)
  }

  resize(size: ShellSize): void {
    this.size = size
    this.session?.resize(size.cols, size.rows)
  }

  ack(length: number): void {
    this.batcher.ack(length)
  }

  releaseFlowControl(): void {
    this.batcher.ackAll()
  }

  replay(): string {
    this.batcher.flush()
    this.batcher.ackAll()
    return this.replayBuffer.text()
  }

  /** Follows the node's connection while the tab has no shell. */
  onConnection(state: SshConnectionState): void {
    if (this.session || this.isOver()) return
    if (state.phase === 'ready') {
      void this.openShell()
      return
    }
    if (state.phase === 'disconnected' && state.retryAt === null && !this.opening) {
      this.finish('failed', state.message)
      return
    }
    const waiting = this.hadSession ? 'reconnecting' : 'connecting'
    this.update(waiting, state.phase === 'connecting' && this.hadSession ? `Reconnecting: ${state.message}` : state.message)
  }

  /** Ends the tab's life in the core: used when the user closes it or its node is removed. */
  close(reason = 'closed'): void {
    const session = this.session
    this.session = undefined
    this.finish('exited', reason)
    session?.close()
    this.batcher.dispose()
  }

  private async openShell(): Promise<void> {
    if (this.opening || this.session || this.isOver()) return
    this.opening = true
    try {
      const session = await this.deps.openShell(this.size, this.handlers())
      if (this.isOver()) {
        session.close()
        return
      }
      this.session = session
      this.hadSession = true
      // The renderer may have resized while the shell was opening.
      session.resize(this.size.cols, this.size.rows)
      if (this.batcher.isPaused) session.pause()
      if (this.typeahead) session.write(this.typeahead)
      this.typeahead = ''
      this.update('open', null)
    } catch (error) {
      this.opening = false
      const message = error instanceof Error ? error.message : String(error)
      const connection = this.deps.connection()
      // A failure nobody will retry (login refused, a shell refused on a working connection, a
      // local shell that cannot start) ends the tab; otherwise the connection's state events
      // say what happens next.
      const final = connection === undefined || connection.phase === 'ready' || (connection.phase === 'disconnected' && connection.retryAt === null)
      if (final) this.finish('failed', message)
      else this.update(this.hadSession ? 'reconnecting' : 'connecting', message)
    } finally {
      this.opening = false
    }
  }

  private handlers(): ShellHandlers {
    let ended = false
    return {
      onData: (text) => this.batcher.push(text),
      onEnd: ({ exited, message }) => {
        if (ended || this.isOver()) return
        ended = true
        this.batcher.flush()
        this.session = undefined
        if (exited) {
          this.finish('exited', message)
          return
        }
        this.update('reconnecting', `Connection lost: ${message}`)
        this.reopenTimer = setTimeout(() => void this.openShell(), reopenGraceMs)
      }
    }
  }

  private isOver(): boolean {
    return this.phase === 'exited' || this.phase === 'failed'
  }

  private finish(phase: 'exited' | 'failed', message: string): void {
    if (this.reopenTimer) clearTimeout(this.reopenTimer)
    this.release?.()
    this.release = undefined
    this.update(phase, message)
  }

  private update(phase: TerminalPhase, message: string | null): void {
    if (phase === this.phase && message === this.message) return
    this.phase = phase
    this.message = message
    this.emit()
  }

  private emit(): void {
    this.deps.emitState(this.info())
  }
}
