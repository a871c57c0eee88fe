import type { LogState } from '../../../../src-shared/minecraft'
import { api } from '../../api/api'
import { messageOf } from '../../api/failures'
import { maxEntries } from './console-entries'

/** Where the log stands: `opening` until the core names the stream, `failed` when it could not. */
export type LogPhase = 'opening' | LogState['state'] | 'failed'

export interface LogStreamHandlers {
  lines(lines: readonly string[]): void
  phase(phase: LogPhase, message: string | null): void
  /** The console connection came back: the log is opened again and starts with its last lines. */
  reopened(): void
}

interface Early {
  lines: string[]
  state: LogState | null
}

function closeLog(logId: string): void {
  // A log the core no longer has is closed already: nothing to tell the user.
  api()
    .request('minecraft.closeLog', { logId })
    .catch(() => undefined)
}

/**
 * Streams a server's log: `minecraft.openLog`, then its `minecraft.log` and `minecraft.logState`
 * events until the returned function closes it. Events can beat the reply that names their log,
 * so those are held until the name is known.
 */
export function openLogStream(serverId: string, handlers: LogStreamHandlers): () => void {
  let logId: string | null = null
  let closed = false
  let attempt = 0
  let wasDown = false
  const early = new Map<string, Early>()
  const earlyOf = (id: string) => early.get(id) ?? early.set(id, { lines: [], state: null }).get(id)!

  const stopLines = api().on('minecraft.log', (event) => {
    if (event.logId === logId) handlers.lines(event.lines)
    else if (logId === null && !closed) {
      const held = earlyOf(event.logId)
      held.lines = [...held.lines, ...event.lines].slice(-maxEntries)
    }
  })
  const stopState = api().on('minecraft.logState', (event) => {
    if (event.logId === logId) handlers.phase(event.state, event.message)
    else if (logId === null && !closed && event.serverId === serverId) earlyOf(event.logId).state = event
  })

  const open = async () => {
    const current = ++attempt
    logId = null
    early.clear()
    handlers.phase('opening', null)
    try {
      const reply = await api().request('minecraft.openLog', { serverId })
      if (closed || current !== attempt) {
        closeLog(reply.logId)
        return
      }
      logId = reply.logId
      const held = early.get(reply.logId)
      early.clear()
      handlers.phase(held?.state?.state ?? 'connecting', held?.state?.message ?? null)
      if (held && held.lines.length > 0) handlers.lines(held.lines)
    } catch (error) {
      if (!closed && current === attempt) handlers.phase('failed', messageOf(error))
    }
  }

  const stopConnection = api().onConnectionChange((state) => {
    if (closed) return
    if (state === 'reconnecting') {
      wasDown = true
      handlers.phase('reconnecting', 'the connection to the console was lost')
    } else if (state === 'open' && wasDown) {
      wasDown = false
      if (logId !== null) closeLog(logId)
      handlers.reopened()
      void open()
    }
  })

  void open()

  return () => {
    closed = true
    stopLines()
    stopState()
    stopConnection()
    early.clear()
    if (logId !== null) closeLog(logId)
  }
}
