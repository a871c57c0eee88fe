import { createHmac } from 'node:crypto'
import { mkdir, readFile } from 'node:fs/promises'
import { dirname } from 'node:path'
import type { HostKey } from '../../../src-shared/ssh'
import { writeFileAtomic } from '../inventory/atomic-write'
import { algorithmOf, describeHostKey, fingerprintOf } from './host-key'

export type HostKeyVerdict =
  | { verdict: 'trusted' }
  | { verdict: 'unknown' }
  | { verdict: 'changed'; known: HostKey[]; file: string; line: number }
  | { verdict: 'revoked'; file: string; line: number }

/** Which names a line is for: a hashed name (`|1|salt|hmac`) or a comma-separated pattern list. */
export type HostNames =
  | { readonly kind: 'hashed'; readonly salt: Buffer; readonly hash: Buffer }
  | { readonly kind: 'patterns'; readonly patterns: readonly string[] }

export interface KnownHostsEntry {
  /** 1-based, as an editor shows it. */
  readonly line: number
  readonly revoked: boolean
  readonly names: HostNames
  readonly algorithm: string
  readonly keyBlob: Buffer
}

export interface KnownHostsOptions {
  /** Files the console only reads, such as ~/.ssh/known_hosts; a missing file counts as empty. */
  readonly userFiles: readonly string[]
  /** The console's own file, the only one it writes. */
  readonly ownFile: string
}

interface LocatedEntry extends KnownHostsEntry {
  readonly file: string
}

const SHA1_LENGTH = 20
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/

/** The name OpenSSH files a host under; ssh lowercases host names before looking them up. */
export function knownHostsName(host: string, port: number): string {
  const name = host.toLowerCase()
  return port === 22 ? name : `[${name}]:${port}`
}

/** Parses known_hosts text; lines it cannot use are skipped, as ssh itself skips them. */
export function parseKnownHosts(text: string): KnownHostsEntry[] {
  const entries: KnownHostsEntry[] = []
  text.split('\n').forEach((raw, index) => {
    const entry = parseKnownHostsLine(raw)
    if (entry) entries.push({ line: index + 1, ...entry })
  })
  return entries
}

function parseKnownHostsLine(raw: string): Omit<KnownHostsEntry, 'line'> | null {
  const fields = raw.trim().split(/[ \t]+/)
  let revoked = false
  if (fields[0]?.startsWith('@')) {
    // Host certificates are not supported, so a @cert-authority line can never apply.
    if (fields.shift() !== '@revoked') return null
    revoked = true
  }
  const [hostField, algorithm, keyText] = fields
  if (!hostField || hostField.startsWith('#') || !algorithm || !keyText || !BASE64.test(keyText)) return null
  const names = parseNames(hostField)
  const keyBlob = Buffer.from(keyText, 'base64')
  // ssh rejects a line whose stated type disagrees with the key; so do we.
  if (!names || algorithmOf(keyBlob) !== algorithm) return null
  return { revoked, names, algorithm, keyBlob }
}

function parseNames(field: string): HostNames | null {
  if (!field.startsWith('|')) return { kind: 'patterns', patterns: field.split(',') }
  const [empty, version, salt, hash, ...rest] = field.split('|')
  if (empty !== '' || version !== '1' || !salt || !hash || rest.length > 0) return null
  if (!BASE64.test(salt) || !BASE64.test(hash)) return null
  const saltBytes = Buffer.from(salt, 'base64')
  const hashBytes = Buffer.from(hash, 'base64')
  if (saltBytes.length !== SHA1_LENGTH || hashBytes.length !== SHA1_LENGTH) return null
  return { kind: 'hashed', salt: saltBytes, hash: hashBytes }
}

/** True when a line applies to `name`: any positive pattern matches and no negated one does. */
function namesMatch(names: HostNames, name: string): boolean {
  if (names.kind === 'hashed') return hashedNameIs(names, name)
  let matched = false
  for (const raw of names.patterns) {
    const negated = raw.startsWith('!')
    if (!globMatches((negated ? raw.slice(1) : raw).toLowerCase(), name)) continue
    if (negated) return false
    matched = true
  }
  return matched
}

/** True when a line names `name` literally, the lines a key replacement must remove. */
function namesExactly(names: HostNames, name: string): boolean {
  if (names.kind === 'hashed') return hashedNameIs(names, name)
  return names.patterns.some((pattern) => pattern.toLowerCase() === name)
}

function hashedNameIs(names: { salt: Buffer; hash: Buffer }, name: string): boolean {
  return createHmac('sha1', names.salt).update(name).digest().equals(names.hash)
}

/** `*` and `?` globbing with single-star backtracking: linear enough that no pattern can stall us. */
function globMatches(pattern: string, text: string): boolean {
  let p = 0
  let t = 0
  let star = -1
  let resume = 0
  while (t < text.length) {
    const c = pattern[p]
    if (c === '*') {
      star = p++
      resume = t
    } else if (c !== undefined && (c === '?' || c === text[t])) {
      p++
      t++
    } else if (star >= 0) {
      p = star + 1
      t = ++resume
    } else {
      return false
    }
  }
  while (pattern[p] === '*') p++
  return p === pattern.length
}

function sameKey(entry: KnownHostsEntry, algorithm: string, keyBlob: Buffer): boolean {
  return entry.algorithm === algorithm && entry.keyBlob.equals(keyBlob)
}

async function readOptional(file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8')
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    if (code === 'ENOENT' || code === 'ENOTDIR') return ''
    throw new Error(`Cannot read the known_hosts file ${file}: ${(error as Error).message}`)
  }
}

function withLine(text: string, line: string): string {
  const separator = text === '' || text.endsWith('\n') ? '' : '\n'
  return `${text}${separator}${line}\n`
}

/**
 * Host keys from OpenSSH known_hosts files. The files are re-read on every call because the
 * user may edit them at any time, and they are small.
 */
export class KnownHosts {
  /** Chains writes to ownFile: each one reads the whole file, so two at once would lose a line. */
  private writes: Promise<unknown> = Promise.resolve()

  constructor(private readonly options: KnownHostsOptions) {}

  async verify(host: string, port: number, keyBlob: Buffer): Promise<HostKeyVerdict> {
    const name = knownHostsName(host, port)
    const algorithm = algorithmOf(keyBlob)
    const [own, user] = await Promise.all([
      this.entriesFor([this.options.ownFile], name),
      this.entriesFor(this.options.userFiles, name)
    ])
    // A revocation in any file wins, even over the user's own trust: it may have come later.
    const revoked = [...own, ...user].find((entry) => entry.revoked && sameKey(entry, algorithm, keyBlob))
    if (revoked) return { verdict: 'revoked', file: revoked.file, line: revoked.line }
    const ownKeys = own.filter((entry) => !entry.revoked)
    // The console's own file overrides the user's files, so that replacing a key works even
    // while a stale entry stays in ~/.ssh/known_hosts, which we never write.
    const applicable = ownKeys.length > 0 ? ownKeys : user.filter((entry) => !entry.revoked)
    if (applicable.some((entry) => sameKey(entry, algorithm, keyBlob))) return { verdict: 'trusted' }
    const [first] = applicable
    if (!first) return { verdict: 'unknown' }
    return { verdict: 'changed', known: distinctKeys(applicable), file: first.file, line: first.line }
  }

  /** Records the key of a host seen for the first time; a different known key needs `replace`. */
  async trust(host: string, port: number, keyBlob: Buffer): Promise<void> {
    const name = knownHostsName(host, port)
    assertPublicKey(name, keyBlob)
    await this.serialize(async () => {
      const verdict = await this.verify(host, port, keyBlob)
      if (verdict.verdict === 'trusted') return
      if (verdict.verdict === 'revoked') throw revokedError(name, keyBlob, verdict)
      if (verdict.verdict === 'changed') {
        throw new Error(
          `${name} already has a different host key in ${verdict.file} line ${verdict.line}; replace the key instead of adding ${fingerprintOf(keyBlob)}.`
        )
      }
      const text = await readOptional(this.options.ownFile)
      await this.writeOwn(withLine(text, lineFor(name, keyBlob)))
    })
  }

  /** Forgets every key the console's own file has for the host and records this one instead. */
  async replace(host: string, port: number, keyBlob: Buffer): Promise<void> {
    const name = knownHostsName(host, port)
    assertPublicKey(name, keyBlob)
    await this.serialize(async () => {
      const verdict = await this.verify(host, port, keyBlob)
      if (verdict.verdict === 'revoked') throw revokedError(name, keyBlob, verdict)
      const text = await readOptional(this.options.ownFile)
      const kept = text.split('\n').filter((raw) => {
        const entry = parseKnownHostsLine(raw)
        // Revocations are about the key, not the host, so replacing a host's key keeps them.
        return !entry || entry.revoked || !namesExactly(entry.names, name)
      })
      await this.writeOwn(withLine(kept.join('\n'), lineFor(name, keyBlob)))
    })
  }

  private async entriesFor(files: readonly string[], name: string): Promise<LocatedEntry[]> {
    const texts = await Promise.all(files.map(readOptional))
    return files.flatMap((file, index) =>
      parseKnownHosts(texts[index] ?? '')
        .filter((entry) => namesMatch(entry.names, name))
        .map((entry) => ({ ...entry, file }))
    )
  }

  private async writeOwn(content: string): Promise<void> {
    await mkdir(dirname(this.options.ownFile), { recursive: true, mode: 0o700 })
    await writeFileAtomic(this.options.ownFile, content, 0o600)
  }

  private serialize(task: () => Promise<void>): Promise<void> {
    const result = this.writes.then(task)
    this.writes = result.catch(() => undefined)
    return result
  }
}

function assertPublicKey(name: string, keyBlob: Buffer): void {
  if (algorithmOf(keyBlob) === 'unknown') {
    throw new Error(`The host key offered by ${name} is not an SSH public key; nothing was saved.`)
  }
}

function revokedError(name: string, keyBlob: Buffer, at: { file: string; line: number }): Error {
  return new Error(
    `The host key ${fingerprintOf(keyBlob)} of ${name} is revoked in ${at.file} line ${at.line}; it cannot be trusted.`
  )
}

function lineFor(name: string, keyBlob: Buffer): string {
  return `${name} ${algorithmOf(keyBlob)} ${keyBlob.toString('base64')}`
}

function distinctKeys(entries: readonly KnownHostsEntry[]): HostKey[] {
  const keys = new Map<string, HostKey>()
  for (const entry of entries) {
    const key = describeHostKey(entry.keyBlob)
    keys.set(`${key.algorithm} ${key.fingerprint}`, key)
  }
  return [...keys.values()]
}
