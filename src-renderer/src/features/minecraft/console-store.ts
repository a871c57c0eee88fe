import { create } from 'zustand'
import { RconCommand } from '../../../../src-shared/minecraft'
import { api } from '../../api/api'
import { messageOf } from '../../api/failures'
import { nextFrame } from '../terminals/ack-batcher'
import { answered, appendCapped, commandEntry, failed, lineEntry, noticeEntry, type CommandEntry, type ConsoleEntry } from './console-entries'
import { createLineQueue } from './line-queue'
import { openLogStream, type LogPhase } from './log-stream'

/** What became of a command: sent and answered, refused before sending, or failed on the way. */
export type SendResult =
  | { readonly outcome: 'answered'; readonly reply: string }
  | { readonly outcome: 'invalid' | 'failed'; readonly problem: string }

interface ConsoleStore {
  readonly serverId: string | null
  /** null: the server has no log configured. */
  readonly phase: LogPhase | null
  readonly message: string | null
  readonly entries: readonly ConsoleEntry[]
  /** Commands sent to this server before, oldest first, as the core keeps them across restarts. */
  readonly savedHistory: readonly string[]
  readonly sessionHistory: readonly string[]
  /** Shows a server's console: streams its log (when it has one) and reads its history until the returned function is called. */
  open(serverId: string, hasLog: boolean): () => void
  /** Sends a command over RCON; its reply or failure appears in the console. */
  send(serverId: string, command: string): Promise<SendResult>
}

const empty = { phase: null, message: null, entries: [], savedHistory: [], sessionHistory: [] }

/** Why a command cannot be sent, in words, before it reaches the core. */
export function commandProblem(command: string): string | null {
  const parsed = RconCommand.safeParse(command)
  if (parsed.success) return null
  if (command.trim() === '') return 'Type a command first.'
  return parsed.error.issues[0]?.message ?? 'This command cannot be sent.'
}

/**
 * The console of the server on screen: its log lines and the commands sent from here with their
 * replies, in the order they happened. Lines are appended in one store update per frame.
 */
export const useConsoleStore = create<ConsoleStore>()((set, get) => {
  const queue = createLineQueue(
    (flush) => nextFrame(flush),
    (lines) => set({ entries: appendCapped(get().entries, lines.map(lineEntry)) })
  )

  const add = (entry: ConsoleEntry) => {
    queue.flush()
    set({ entries: appendCapped(get().entries, [entry]) })
  }

  const replace = (entry: CommandEntry) => set({ entries: get().entries.map((known) => (known.id === entry.id ? entry : known)) })

  return {
    serverId: null,
    ...empty,

    open(serverId, hasLog) {
      queue.clear()
      set({ serverId, ...empty, phase: hasLog ? 'opening' : null })
      let current = true
      api()
        .request('minecraft.history', { serverId })
        .then(
          (saved) => current && set({ savedHistory: saved }),
          // Without the saved history ↑ still recalls this session's commands.
          () => undefined
        )
      const stopLog = hasLog
        ? openLogStream(serverId, {
            lines: (lines) => queue.push(lines),
            phase: (phase, message) => set({ phase, message }),
            reopened: () => add(noticeEntry('Connected again: the log continues below, its last lines may repeat.'))
          })
        : () => undefined
      return () => {
        current = false
        stopLog()
        queue.clear()
      }
    },

    async send(serverId, command) {
      const problem = commandProblem(command)
      if (problem !== null) return { outcome: 'invalid', problem }
      const text = command.trim()
      const entry = commandEntry(text)
      add(entry)
      set({ sessionHistory: [...get().sessionHistory, text] })
      try {
        const reply = await api().request('minecraft.command', { serverId, command: text })
        replace(answered(entry, reply.reply))
        return { outcome: 'answered', reply: reply.reply }
      } catch (error) {
        const message = messageOf(error)
        replace(failed(entry, message))
        return { outcome: 'failed', problem: message }
      }
    }
  }
})
