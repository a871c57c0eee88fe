import type { MinecraftServerInfo } from '../../../../src-shared/minecraft'
import type { LogPhase } from './log-stream'

/** Where the log comes from: "logs/latest.log", "journald unit minecraft", "docker container mc". */
export function logSource(log: NonNullable<MinecraftServerInfo['log']>): string {
  return log.kind === 'file' ? log.name : log.kind === 'journald' ? `journald unit ${log.name}` : `docker container ${log.name}`
}

/** The log's state in words; the core's message says why when there is a reason. */
export function logPhaseText(phase: LogPhase | null, message: string | null): string {
  const why = message ? `: ${message}` : ''
  switch (phase) {
    case null:
      return 'No log to show: set log: (the path of logs/latest.log), unit: or container: on the service in the inventory.'
    case 'opening':
      return 'Opening the log…'
    case 'connecting':
      return `Connecting to the log…${message ? ` (${message})` : ''}`
    case 'streaming':
      return 'Live'
    case 'reconnecting':
      return `Reconnecting to the log${why}`
    case 'closed':
      return `The log stream closed${why}`
    case 'failed':
      return `Could not open the log${why}`
  }
}
