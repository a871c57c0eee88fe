import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createFileKeyCipher } from './file-key-cipher'
import type { SecretCipher } from './secret-cipher'
import { SecretStore } from './secret-store'

const password = 'correct horse battery staple'
const unixOnly = it.skipIf(process.platform === 'win32')

let dir: string
let file: string

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'homelab-secrets-'))
  file = join(dir, 'data', 'secrets.json')
})

afterEach(async () => {
  await rm(dir, { recursive: true, force: true })
})

async function fileStore(dataDir = join(dir, 'data')): Promise<SecretStore> {
  return new SecretStore(file, await createFileKeyCipher(dataDir))
}

describe('SecretStore', () => {
  it('remembers, lists and forgets secrets', async () => {
    const store = await fileStore()
    expect(await store.get('ssh-password:pi@10.0.0.2:22')).toBeUndefined()
    await store.set('ssh-password:pi@10.0.0.2:22', password)
    await store.set('ssh-passphrase:/home/me/.ssh/id_ed25519', 'other')
    expect(await store.get('ssh-password:pi@10.0.0.2:22')).toBe(password)
    expect(await store.has('ssh-passphrase:/home/me/.ssh/id_ed25519')).toBe(true)
    await store.delete('ssh-password:pi@10.0.0.2:22')
    expect(await store.has('ssh-password:pi@10.0.0.2:22')).toBe(false)
    expect(await (await fileStore()).get('ssh-passphrase:/home/me/.ssh/id_ed25519')).toBe('other')
  })

  it('never writes a secret in clear', async () => {
    const store = await fileStore()
    await store.set('pi', password)
    const bytes = await readFile(file)
    expect(bytes.includes(Buffer.from(password))).toBe(false)
    expect(bytes.includes(Buffer.from(Buffer.from(password).toString('base64')))).toBe(false)
    const data = JSON.parse(bytes.toString('utf8')) as { version: number; secrets: Record<string, string> }
    expect(data.version).toBe(1)
    expect(Object.keys(data.secrets)).toEqual(['pi'])
  })

  unixOnly('writes the file readable by its owner only', async () => {
    await (await fileStore()).set('pi', password)
    expect((await stat(file)).mode & 0o777).toBe(0o600)
  })

  it('takes any name, even one that is special to JavaScript objects', async () => {
    const store = await fileStore()
    await store.set('__proto__', password)
    expect(await (await fileStore()).get('__proto__')).toBe(password)
    expect(await store.get('constructor')).toBeUndefined()
  })

  it('keeps every one of many concurrent writes', async () => {
    const store = await fileStore()
    await Promise.all(Array.from({ length: 20 }, (_, index) => store.set(`s${index}`, `v${index}`)))
    const reopened = await fileStore()
    for (let index = 0; index < 20; index++) expect(await reopened.get(`s${index}`)).toBe(`v${index}`)
  })

  it('treats a secret of another key as forgotten', async () => {
    await (await fileStore()).set('pi', password)
    const elsewhere = await fileStore(join(dir, 'another-data-dir'))
    expect(await elsewhere.get('pi')).toBeUndefined()
    expect(await elsewhere.has('pi')).toBe(false)
  })

  it('refuses to remember anything without a working cipher, writing nothing', async () => {
    const unavailable: SecretCipher = {
      available: false,
      description: 'the system keychain is not available',
      encrypt: () => {
        throw new Error('must not be called')
      },
      decrypt: () => {
        throw new Error('must not be called')
      }
    }
    const store = new SecretStore(file, unavailable)
    await expect(store.set('pi', password)).rejects.toThrow(
      'cannot remember secrets: the system keychain is not available; it will be asked each time'
    )
    await expect(stat(file)).rejects.toMatchObject({ code: 'ENOENT' })
    expect(await store.get('pi')).toBeUndefined()
  })

  it('reads a corrupt file as empty and keeps a copy of it on the next write', async () => {
    const store = await fileStore()
    await store.set('pi', password)
    const goodBlob = (JSON.parse(await readFile(file, 'utf8')) as { secrets: { pi: string } }).secrets.pi
    await writeFile(file, JSON.stringify({ version: 1, secrets: { pi: goodBlob, broken: 'bm90IGEgYmxvYg==' } }))
    expect(await store.get('broken')).toBeUndefined()
    expect(await store.get('pi')).toBe(password)

    await writeFile(file, '{"version": 1, "secrets": {"pi": ')
    expect(await store.get('pi')).toBeUndefined()
    await store.set('nas', 'n4s')
    expect(await store.get('nas')).toBe('n4s')
    const copies = (await readdir(join(dir, 'data'))).filter((name) => name.startsWith('secrets.json.corrupt-'))
    expect(copies).toHaveLength(1)
    expect(await readFile(join(dir, 'data', copies[0]!), 'utf8')).toBe('{"version": 1, "secrets": {"pi": ')
  })
})
