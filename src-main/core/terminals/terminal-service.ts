import type { Inventory } from '../../../src-shared/inventory'
import type { SshConnectionState, TerminalInfo } from '../../../src-shared/ssh'
import type { ConnectionPool } from '../ssh/connection-pool'
import type { EventHub } from '../events'
import { openLocalShell } from './local-shell'
import { openSshShell, type ShellHandlers, type ShellSession, type ShellSize } from './shell-session'
import { Terminal } from './terminal'

export interface TerminalServiceOptions {
  readonly pool: ConnectionPool
  readonly inventory: () => Inventory
  readonly events: EventHub
  /** The local shell of "This PC"; replaceable so tests need no PTY. */
  readonly openLocal?: (size: ShellSize, handlers: ShellHandlers) => ShellSession
}

/** Every open terminal tab, over SSH or local, by id. */
export class TerminalService {
  private readonly terminals = new Map<string, Terminal>()
  private nextId = 1

  constructor(private readonly options: TerminalServiceOptions) {}

  open(nodeId: string, size: ShellSize): TerminalInfo {
    const node = this.options.inventory().nodes.find((candidate) => candidate.id === nodeId)
    if (!node) throw new Error(`there is no node "${nodeId}" in the inventory`)
    if (node.disabled) throw new Error(`${node.name} is marked disabled in the inventory`)
    const id = `t${this.nextId++}`
    const { pool, events } = this.options
    const openLocal = this.options.openLocal ?? openLocalShell
    const terminal = new Terminal(id, nodeId, node.name, size, {
      openShell: node.local
        ? async (shellSize, handlers) => openLocal(shellSize, handlers)
        : async (shellSize, handlers) => openSshShell(await pool.acquire(nodeId), shellSize, handlers),
      retain: node.local ? () => () => undefined : () => pool.retain(nodeId),
      connection: node.local ? () => undefined : () => pool.states().find((state) => state.nodeId === nodeId),
      emitOutput: (data) => events.emit('terminal.output', { terminalId: id, data }),
      emitState: (info) => events.emit('terminal.state', info)
    })
    this.terminals.set(id, terminal)
    // Started once the reply is on its way, so no event of this terminal can overtake the reply
    // that tells the renderer it exists (a local shell opens within the same turn).
    setImmediate(() => {
      if (this.terminals.get(id) === terminal) terminal.start()
    })
    return terminal.info()
  }

  list(): TerminalInfo[] {
    return [...this.terminals.values()].map((terminal) => terminal.info())
  }

  replay(terminalId: string): string {
    return this.get(terminalId).replay()
  }

  input(terminalId: string, data: string): void {
    this.get(terminalId).input(data)
  }

  resize(terminalId: string, size: ShellSize): void {
    this.get(terminalId).resize(size)
  }

  ack(terminalId: string, length: number): void {
    this.get(terminalId).ack(length)
  }

  close(terminalId: string): void {
    this.get(terminalId).close()
    this.terminals.delete(terminalId)
  }

  /** Nobody is left to acknowledge what was sent; the next page gets it as replay. */
  releaseFlowControl(): void {
    for (const terminal of this.terminals.values()) terminal.releaseFlowControl()
  }

  onConnection(state: SshConnectionState): void {
    for (const terminal of this.terminals.values()) {
      if (terminal.nodeId === state.nodeId) terminal.onConnection(state)
    }
  }

  /** Tabs of nodes that left the inventory end, with the reason on screen. */
  reconcile(inventory: Inventory): void {
    const ids = new Set(inventory.nodes.filter((node) => !node.disabled).map((node) => node.id))
    for (const terminal of this.terminals.values()) {
      if (!ids.has(terminal.nodeId)) terminal.close(`${terminal.title} is no longer in the inventory`)
    }
  }

  closeAll(): void {
    for (const terminal of this.terminals.values()) terminal.close()
    this.terminals.clear()
  }

  private get(terminalId: string): Terminal {
    const terminal = this.terminals.get(terminalId)
    if (!terminal) throw new Error(`terminal ${terminalId} is closed`)
    return terminal
  }
}
