import type { TerminalPhase } from '../../../../src-shared/ssh'

/** DOM ids tying each tab to its panel. */
export const tabElementId = (terminalId: string) => `terminal-tab-${terminalId}`
export const panelElementId = (terminalId: string) => `terminal-panel-${terminalId}`

export function isEnded(phase: TerminalPhase): boolean {
  return phase === 'exited' || phase === 'failed'
}

/** The phase in words, for the tab's tooltip and screen readers. */
export const phaseLabels: Readonly<Record<TerminalPhase, string>> = {
  connecting: 'connecting',
  open: 'connected',
  reconnecting: 'reconnecting',
  exited: 'session ended',
  failed: 'failed'
}
