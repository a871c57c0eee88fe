import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createFileKeyCipher } from './file-key-cipher'

const password = 'correct horse battery staple'

let dir: string

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'homelab-key-'))
})

afterEach(async () => {
  await rm(dir, { recursive: true, force: true })
})

describe('createFileKeyCipher', () => {
  it('round-trips text and never produces the same blob twice', async () => {
    const cipher = await createFileKeyCipher(dir)
    const first = cipher.encrypt('pässwörd ✓')
    expect(cipher.decrypt(first)).toBe('pässwörd ✓')
    expect(first[0]).toBe(1)
    expect(first.length).toBe(1 + 12 + 16 + Buffer.byteLength('pässwörd ✓'))
    expect(cipher.encrypt('pässwörd ✓').equals(first)).toBe(false)
    expect(cipher.available).toBe(true)
    expect(cipher.description).toBe('a key file in the data dir (headless mode)')
  })

  it('keeps its key across restarts and refuses a key file of the wrong size', async () => {
    const blob = (await createFileKeyCipher(dir)).encrypt(password)
    expect((await createFileKeyCipher(dir)).decrypt(blob)).toBe(password)
    expect((await readFile(join(dir, 'secret.key'))).length).toBe(32)
    await writeFile(join(dir, 'secret.key'), 'short')
    await expect(createFileKeyCipher(dir)).rejects.toThrow(/secret\.key is 5 bytes instead of 32/)
  })

  it('gives one key to ciphers created at the same moment', async () => {
    const ciphers = await Promise.all([1, 2, 3, 4].map(() => createFileKeyCipher(dir)))
    const blob = ciphers[0]!.encrypt(password)
    for (const cipher of ciphers) expect(cipher.decrypt(blob)).toBe(password)
    expect(await readdir(dir)).toEqual(['secret.key'])
  })

  it('rejects tampered data and data of another key', async () => {
    const cipher = await createFileKeyCipher(dir)
    const blob = cipher.encrypt(password)
    blob[blob.length - 1]! ^= 1
    expect(() => cipher.decrypt(blob)).toThrow()
    const other = await createFileKeyCipher(join(dir, 'other'))
    expect(() => other.decrypt(cipher.encrypt(password))).toThrow()
    expect(() => cipher.decrypt(Buffer.from('x'))).toThrow(/not a secret encrypted by this console/)
  })

  it.skipIf(process.platform === 'win32')('creates the key readable by its owner only', async () => {
    await createFileKeyCipher(dir)
    expect((await stat(join(dir, 'secret.key'))).mode & 0o777).toBe(0o600)
  })
})
