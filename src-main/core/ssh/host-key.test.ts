import { execFile } from 'node:child_process'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { algorithmOf, describeHostKey, fingerprintOf } from './host-key'

const run = promisify(execFile)
let dir: string

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'homelab-host-key-'))
})

afterAll(async () => {
  await rm(dir, { recursive: true, force: true })
})

describe('host keys against ssh-keygen', () => {
  it.each([
    ['ed25519', 'ssh-ed25519'],
    ['rsa', 'ssh-rsa'],
    ['ecdsa', 'ecdsa-sha2-nistp256']
  ])('reads a real %s key as ssh-keygen does', async (type, algorithm) => {
    const path = join(dir, type)
    await run('ssh-keygen', ['-q', '-t', type, '-N', '', '-f', path])
    const [, base64] = (await readFile(`${path}.pub`, 'utf8')).split(' ')
    const blob = Buffer.from(base64 ?? '', 'base64')
    const { stdout } = await run('ssh-keygen', ['-lf', `${path}.pub`])
    const printed = stdout.split(' ')[1]

    expect(fingerprintOf(blob)).toBe(printed)
    expect(fingerprintOf(blob)).not.toContain('=')
    expect(algorithmOf(blob)).toBe(algorithm)
    expect(describeHostKey(blob)).toEqual({ algorithm, fingerprint: printed })
  })
})

describe('algorithmOf on malformed blobs', () => {
  const withLength = (length: number, body: string) => {
    const header = Buffer.alloc(4)
    header.writeUInt32BE(length)
    return Buffer.concat([header, Buffer.from(body, 'latin1')])
  }

  it.each([
    ['empty', Buffer.alloc(0)],
    ['shorter than a length', Buffer.from([0, 0, 1])],
    ['zero length', withLength(0, 'ssh-ed25519')],
    ['length past the end', withLength(40, 'ssh-ed25519')],
    ['absurd length', withLength(0xffffffff, 'ssh-ed25519')],
    ['name with a space', withLength(7, 'ssh rsa')],
    ['name with control bytes', withLength(3, '\x00\x01\x02')]
  ])('says unknown for %s', (_label, blob) => {
    expect(algorithmOf(blob)).toBe('unknown')
    expect(fingerprintOf(blob)).toMatch(/^SHA256:[A-Za-z0-9+/]{43}$/)
  })
})
