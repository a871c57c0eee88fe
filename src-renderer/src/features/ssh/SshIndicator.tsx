import type { SshPhase } from '../../../../src-shared/ssh'
import { sshBadgeText, sshPhaseLabel } from './ssh-model'

/** The connection's phase on a node card: a dot and a word, named "SSH: ready" for screen readers. */
export function SshIndicator({ phase, className }: { readonly phase: SshPhase; readonly className?: string }) {
  const label = `SSH: ${sshPhaseLabel(phase)}`
  return (
    <span role="img" aria-label={label} title={label} className={`ssh-indicator ssh-${phase} ${className ?? ''}`}>
      <span className="ssh-dot" aria-hidden="true" />
      SSH {sshBadgeText(phase)}
    </span>
  )
}
