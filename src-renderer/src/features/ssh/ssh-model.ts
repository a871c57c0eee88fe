import { waitsForUser, type SshConnectionState, type SshPhase } from '../../../../src-shared/ssh'

/** Names one asking of a question (a dialog's identity): a new attempt is a new one. */
export function promptKey(state: SshConnectionState): string {
  return `${state.nodeId}|${state.phase}|${state.since}|${state.presentedKey?.fingerprint ?? ''}`
}

/**
 * Names the question itself, whatever attempt asks it: a refused host key or a cancelled login
 * stays away while the background retries ask the same, until the user asks for that node again.
 */
export function questionKey(state: SshConnectionState): string {
  return `${state.nodeId}|${state.phase}|${state.presentedKey?.fingerprint ?? ''}`
}

/** True when the state is a question the dialogs can show: a host key to judge, or a secret to ask. */
export function needsPrompt(state: SshConnectionState): boolean {
  if (!waitsForUser(state.phase)) return false
  return state.phase === 'auth-needed' ? state.auth !== null : state.presentedKey !== null
}

/** The one prompt to show now: the oldest question not dismissed, so several nodes queue up. */
export function nextPrompt(
  states: Iterable<SshConnectionState>,
  dismissed: ReadonlySet<string>
): SshConnectionState | null {
  let next: SshConnectionState | null = null
  for (const state of states) {
    if (!needsPrompt(state) || dismissed.has(questionKey(state))) continue
    if (!next || state.since < next.since || (state.since === next.since && state.nodeId < next.nodeId)) next = state
  }
  return next
}

export type SshStates = Readonly<Record<string, SshConnectionState>>

/** A state from an event or a reply; an older one never overwrites a newer one. */
export function applyState(states: SshStates, next: SshConnectionState): SshStates {
  const current = states[next.nodeId]
  if (current && current.since > next.since) return states
  return { ...states, [next.nodeId]: next }
}

/** Each node's phase alone: what the map draws, unchanged while only a message changes. */
export function phasesByNode(states: SshStates): Readonly<Record<string, SshPhase>> {
  const phases: Record<string, SshPhase> = {}
  for (const [nodeId, state] of Object.entries(states)) phases[nodeId] = state.phase
  return phases
}

/**
 * The core's full list replaces what we hold (a node gone from it is gone), except where an
 * event newer than the list already arrived while it was on its way.
 */
export function mergeStates(current: SshStates, listed: readonly SshConnectionState[]): SshStates {
  const merged: Record<string, SshConnectionState> = {}
  for (const state of listed) {
    const held = current[state.nodeId]
    merged[state.nodeId] = held && held.since > state.since ? held : state
  }
  return merged
}

export const confirmLength = 6

/** What the user types to replace a changed key: the fingerprint's last characters, exactly. */
export function fingerprintSuffix(fingerprint: string): string {
  return fingerprint.slice(-confirmLength)
}

/** Case-sensitive, as base64 is: "abcDEF" and "ABCDEF" are different keys. */
export function confirmsFingerprint(typed: string, fingerprint: string): boolean {
  const answer = typed.trim()
  return answer.length === confirmLength && fingerprint.length > confirmLength && answer === fingerprintSuffix(fingerprint)
}

/** The host key file type in /etc/ssh for an SSH key algorithm, or null for one we do not know. */
export function hostKeyFileType(algorithm: string): 'ed25519' | 'ecdsa' | 'rsa' | 'dsa' | null {
  const name = algorithm.toLowerCase()
  if (name.includes('ed25519')) return 'ed25519'
  if (name.includes('ecdsa')) return 'ecdsa'
  if (name.includes('rsa')) return 'rsa'
  if (name.includes('dss') || name.includes('dsa')) return 'dsa'
  return null
}

/** "ED25519" for "ssh-ed25519": the name ssh-keygen prints at the end of its line. */
export function keyTypeLabel(algorithm: string): string {
  return hostKeyFileType(algorithm)?.toUpperCase() ?? algorithm
}

/** The command that prints, on the server, the fingerprint the user should compare. */
export function hostKeyCheckCommand(algorithm: string): string {
  const type = hostKeyFileType(algorithm)
  return type
    ? `ssh-keygen -lf /etc/ssh/ssh_host_${type}_key.pub`
    : 'for f in /etc/ssh/ssh_host_*_key.pub; do ssh-keygen -lf "$f"; done'
}

/** "host:port" for the title, from known_hosts' "[host]:port" form or a bare host. */
export function displayHostPort(hostKeyHost: string | null, host: string, port: number): string {
  if (!hostKeyHost) return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`
  const bracketed = /^\[(.+)\]:(\d+)$/.exec(hostKeyHost)
  if (bracketed) return bracketed[1]?.includes(':') ? hostKeyHost : `${bracketed[1]}:${bracketed[2]}`
  if (/^[^:]+:\d+$/.test(hostKeyHost)) return hostKeyHost
  return hostKeyHost.includes(':') ? `[${hostKeyHost}]:22` : `${hostKeyHost}:22`
}

/**
 * Splits a message around the known_hosts file it names ("…/known_hosts:12" or
 * "…/known_hosts line 12"), so the location can be shown as code.
 */
export function splitKnownHostsLocation(message: string): readonly [string, string, string] | null {
  const match = /(\S*known_hosts)(?::(\d+)|,? line (\d+))?/.exec(message)
  if (!match) return null
  const line = match[2] ?? match[3]
  const location = line ? `${match[1]}:${line}` : (match[1] ?? '')
  return [message.slice(0, match.index), location, message.slice(match.index + match[0].length)]
}

/** The short word on a node card. */
export function sshBadgeText(phase: SshPhase): string {
  switch (phase) {
    case 'idle':
      return 'idle'
    case 'connecting':
      return 'connecting'
    case 'ready':
      return 'ready'
    case 'auth-needed':
      return 'login needed'
    case 'host-key-unknown':
      return 'new host key'
    case 'host-key-changed':
      return 'key changed'
    case 'disconnected':
      return 'down'
  }
}

/** The phase in a sentence's words, for the details panel and screen readers. */
export function sshPhaseLabel(phase: SshPhase): string {
  switch (phase) {
    case 'idle':
      return 'not connected'
    case 'connecting':
      return 'connecting…'
    case 'ready':
      return 'ready'
    case 'auth-needed':
      return 'waiting for a password or passphrase'
    case 'host-key-unknown':
      return 'waiting for you to confirm the host key'
    case 'host-key-changed':
      return 'refused: the host key has changed'
    case 'disconnected':
      return 'disconnected'
  }
}

/** The user may start a connection from here; while one is under way or waiting on them, not. */
export function canConnect(phase: SshPhase): boolean {
  return phase === 'idle' || phase === 'disconnected'
}

/** The aliases to import: every host not in the inventory yet, minus those the user unticked. */
export function chosenAliases(
  candidates: readonly { readonly alias: string; readonly exists: boolean }[],
  unchecked: ReadonlySet<string>
): string[] {
  return candidates.filter((candidate) => !candidate.exists && !unchecked.has(candidate.alias)).map((candidate) => candidate.alias)
}
