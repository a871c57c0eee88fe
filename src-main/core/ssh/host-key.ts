import { createHash } from 'node:crypto'
import type { HostKey } from '../../../src-shared/ssh'

/** RFC 4250 caps algorithm names at 64 characters; a longer "name" means the blob is not a key. */
const MAX_ALGORITHM_LENGTH = 64

/** The fingerprint exactly as `ssh-keygen -lf` prints it, so users can compare the two by eye. */
export function fingerprintOf(keyBlob: Buffer): string {
  const digest = createHash('sha256').update(keyBlob).digest('base64')
  return `SHA256:${digest.replace(/=+$/, '')}`
}

/** The key type, which the SSH wire format stores as the blob's first string. */
export function algorithmOf(keyBlob: Buffer): string {
  if (keyBlob.length < 4) return 'unknown'
  const length = keyBlob.readUInt32BE(0)
  if (length === 0 || length > MAX_ALGORITHM_LENGTH || 4 + length > keyBlob.length) return 'unknown'
  const name = keyBlob.subarray(4, 4 + length).toString('latin1')
  // Algorithm names are printable US-ASCII without spaces (RFC 4251 section 6).
  return /^[\x21-\x7e]+$/.test(name) ? name : 'unknown'
}

export function describeHostKey(keyBlob: Buffer): HostKey {
  return { algorithm: algorithmOf(keyBlob), fingerprint: fingerprintOf(keyBlob) }
}
