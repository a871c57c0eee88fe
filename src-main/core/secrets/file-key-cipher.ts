import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto'
import { link, mkdir, open, readFile, rm } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import type { SecretCipher } from './secret-cipher'

const version = 1
const keyBytes = 32
const ivBytes = 12
const tagBytes = 16

/**
 * AES-256-GCM with a random key in `<dataDir>/secret.key` (mode 0600), for headless mode where
 * no desktop keychain exists. It keeps secrets out of the settings and out of backups of them;
 * anyone who can read the data dir as this user can read them too.
 */
export async function createFileKeyCipher(dataDir: string): Promise<SecretCipher> {
  const key = await loadOrCreateKey(join(dataDir, 'secret.key'))
  return {
    available: true,
    description: 'a key file in the data dir (headless mode)',
    encrypt: (plain) => {
      const iv = randomBytes(ivBytes)
      const cipher = createCipheriv('aes-256-gcm', key, iv)
      const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()])
      return Buffer.concat([Buffer.of(version), iv, cipher.getAuthTag(), body])
    },
    decrypt: (data) => {
      if (data.length < 1 + ivBytes + tagBytes || data[0] !== version) throw new Error('not a secret encrypted by this console')
      const iv = data.subarray(1, 1 + ivBytes)
      const decipher = createDecipheriv('aes-256-gcm', key, iv)
      decipher.setAuthTag(data.subarray(1 + ivBytes, 1 + ivBytes + tagBytes))
      return Buffer.concat([decipher.update(data.subarray(1 + ivBytes + tagBytes)), decipher.final()]).toString('utf8')
    }
  }
}

async function loadOrCreateKey(path: string): Promise<Buffer> {
  const existing = await readKey(path)
  if (existing !== undefined) return existing
  await mkdir(dirname(path), { recursive: true, mode: 0o700 })
  // Written aside and linked into place: the key appears whole or not at all, and a second
  // process starting at the same moment keeps the first one's key instead of replacing it.
  const temporary = `${path}.${randomBytes(6).toString('hex')}.tmp`
  const handle = await open(temporary, 'wx', 0o600)
  try {
    await handle.writeFile(randomBytes(keyBytes))
    await handle.sync()
  } finally {
    await handle.close()
  }
  try {
    await link(temporary, path).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== 'EEXIST') throw error
    })
  } finally {
    await rm(temporary, { force: true })
  }
  const key = await readKey(path)
  if (key === undefined) throw new Error(`the secret key ${path} vanished right after it was created`)
  return key
}

async function readKey(path: string): Promise<Buffer | undefined> {
  let key: Buffer
  try {
    key = await readFile(path)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined
    throw new Error(`the secret key ${path} cannot be read: ${(error as Error).message}`)
  }
  if (key.length !== keyBytes) {
    throw new Error(
      `the secret key ${path} is ${key.length} bytes instead of ${keyBytes}: it is damaged or not ours. ` +
        'Move it away to start a new key (secrets remembered with the old one will be asked again).'
    )
  }
  return key
}
