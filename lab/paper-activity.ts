import type { PaperServer } from './paper-server'

/**
 * Life on the lab's server, one step every interval, so a log view has something to follow:
 * a visitor joins, chats, the server falls behind for a moment, the visitor leaves. The visitor
 * really joins (`list` names them until they leave), so RCON and the log agree.
 */

export interface Activity {
  stop(): void
}

const visitors = ['Steve', 'Alex', 'Notch']
const greetings = ['hi', 'anyone up for the nether?', 'brb']

export function startActivity(server: PaperServer, intervalMs: number): Activity {
  let step = 0
  let visitor: string | undefined
  const round = (): number => Math.floor(step / steps.length)
  const steps: (() => void)[] = [
    () => {
      // A different visitor each round, skipping anyone a test already put online.
      const turn = [...visitors.slice(round() % visitors.length), ...visitors.slice(0, round() % visitors.length)]
      visitor = turn.find((name) => !server.players().includes(name))
      if (visitor) server.setPlayers([...server.players(), visitor])
    },
    () => {
      // An offline-mode server cannot check chat signatures, so Paper marks every message.
      if (visitor) server.log(`[Not Secure] <${visitor}> ${greetings[round() % greetings.length]}`, { thread: 'Async Chat Thread - #0' })
    },
    () => server.log("Can't keep up! Is the server overloaded? Running 2143ms or 42 ticks behind", { level: 'WARN' }),
    () => {
      if (visitor && server.players().includes(visitor)) server.setPlayers(server.players().filter((name) => name !== visitor))
      visitor = undefined
    }
  ]
  const timer = setInterval(() => {
    steps[step % steps.length]?.()
    step += 1
  }, intervalMs)
  return { stop: () => clearInterval(timer) }
}
