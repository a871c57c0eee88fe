import { z } from 'zod'
import { Node } from './inventory'

/** A host key as the user sees it: OpenSSH's "SHA256:…" fingerprint and the key type. */
export const HostKey = z.object({
  algorithm: z.string(),
  fingerprint: z.string()
})
export type HostKey = z.infer<typeof HostKey>

export const SshPhase = z.enum([
  'idle',
  'connecting',
  'ready',
  'auth-needed',
  'host-key-unknown',
  'host-key-changed',
  'disconnected'
])
export type SshPhase = z.infer<typeof SshPhase>

/** The phases in which the connection waits for the user: a host key to judge, a secret to give. */
export function waitsForUser(phase: SshPhase): boolean {
  return phase === 'host-key-unknown' || phase === 'host-key-changed' || phase === 'auth-needed'
}

/** What the user is asked for when no agent key or key file got in. */
export const AuthPrompt = z.object({
  kind: z.enum(['passphrase', 'password']),
  /** The encrypted key file, for a passphrase. */
  keyPath: z.string().nullable(),
  /** True when the previous answer was wrong. */
  retry: z.boolean()
})
export type AuthPrompt = z.infer<typeof AuthPrompt>

/** The state of the one connection the core keeps to a node. */
export const SshConnectionState = z.object({
  nodeId: z.string(),
  phase: SshPhase,
  /** One sentence for the user: why it failed, what is happening, what to do. */
  message: z.string(),
  since: z.number(),
  /** The node ids connected through on the way, first hop first. */
  via: z.array(z.string()),
  /** "host:port" as written in known_hosts. */
  hostKeyHost: z.string().nullable(),
  /** The key the server showed, for host-key-unknown and host-key-changed. */
  presentedKey: HostKey.nullable(),
  /** The keys known_hosts expects, for host-key-changed. */
  knownKeys: z.array(HostKey),
  auth: AuthPrompt.nullable(),
  /** When the next reconnect attempt starts (ms since epoch), while disconnected. */
  retryAt: z.number().nullable()
})
export type SshConnectionState = z.infer<typeof SshConnectionState>

export const TerminalPhase = z.enum(['connecting', 'open', 'reconnecting', 'exited', 'failed'])
export type TerminalPhase = z.infer<typeof TerminalPhase>

const Columns = z.number().int().min(2).max(1000)
const Rows = z.number().int().min(1).max(1000)

export const TerminalInfo = z.object({
  terminalId: z.string(),
  nodeId: z.string(),
  title: z.string(),
  phase: TerminalPhase,
  message: z.string().nullable(),
  cols: Columns,
  rows: Rows,
  /** Output sent to the renderer, in UTF-16 code units of the event data. */
  sentLength: z.number().int().nonnegative(),
  /** Output the renderer has acknowledged as parsed by the terminal. */
  ackedLength: z.number().int().nonnegative()
})
export type TerminalInfo = z.infer<typeof TerminalInfo>

export const TerminalId = z.string().regex(/^t[0-9]+$/, 'a terminal id such as "t3"')

export const TerminalOpenInput = z.strictObject({ nodeId: z.string().min(1), cols: Columns, rows: Rows })
export const TerminalInputInput = z.strictObject({
  terminalId: TerminalId,
  /** What the user typed or pasted; a big paste is sent in several requests. */
  data: z.string().min(1).max(65536)
})
export const TerminalResizeInput = z.strictObject({ terminalId: TerminalId, cols: Columns, rows: Rows })
export const TerminalAckInput = z.strictObject({
  terminalId: TerminalId,
  length: z.number().int().positive().max(1 << 30)
})

export const TerminalOutput = z.object({ terminalId: z.string(), data: z.string() })
export type TerminalOutput = z.infer<typeof TerminalOutput>

/** A host found in ~/.ssh/config, as the node it would become. */
export const SshConfigCandidate = z.object({
  alias: z.string(),
  node: Node,
  /** A node with this id is already in the inventory: importing skips it. */
  exists: z.boolean(),
  /** Something the import could not carry over, e.g. a ProxyCommand. */
  notes: z.array(z.string())
})
export type SshConfigCandidate = z.infer<typeof SshConfigCandidate>

export const SshConfigPreview = z.object({
  path: z.string(),
  candidates: z.array(SshConfigCandidate),
  problems: z.array(z.string())
})
export type SshConfigPreview = z.infer<typeof SshConfigPreview>
