import type { TerminalPhase } from '../../../../src-shared/ssh'

/**
 * The banner's sentence for a terminal that is not simply open. The core's message may already
 * say "Connection lost: …" or "Reconnecting: …"; that part is not repeated.
 */
export function bannerText(phase: Exclude<TerminalPhase, 'open'>, node: string, message: string | null): string {
  const reason = (message ?? '').replace(/^(connection lost|reconnecting)\s*:\s*/i, '').trim()
  const sentence = (text: string) => (/[.!?…]$/.test(text) ? text : `${text}.`)
  switch (phase) {
    case 'connecting':
      return reason ? `Connecting to ${node}: ${sentence(reason)}` : `Connecting to ${node}…`
    case 'reconnecting':
      return `Connection to ${node} lost${reason ? `: ${sentence(reason)}` : '.'} Reconnecting…`
    case 'exited':
      return `Session ended${reason ? `: ${sentence(reason)}` : '.'}`
    case 'failed':
      return `Could not open a terminal on ${node}${reason ? `: ${sentence(reason)}` : '.'}`
  }
}

/** The button that opens a new shell on an ended tab, or null: none for a node that left the inventory. */
export function reopenLabel(phase: TerminalPhase, nodeInInventory: boolean): 'Reopen' | 'Try again' | null {
  if (!nodeInInventory || (phase !== 'exited' && phase !== 'failed')) return null
  return phase === 'exited' ? 'Reopen' : 'Try again'
}
