import { copyFile, mkdir, readFile } from 'node:fs/promises'
import { dirname } from 'node:path'
import { writeFileAtomic } from '../inventory/atomic-write'
import type { SecretCipher } from './secret-cipher'

type Loaded = { kind: 'ok'; secrets: Map<string, string> } | { kind: 'corrupt' }

/**
 * Secrets the user asked to remember, each encrypted by the cipher, in one JSON file (mode
 * 0600). Names are free text such as "ssh-password:pi@10.0.0.2:22". Nothing is ever written in
 * clear: without a working cipher, `set` refuses.
 */
export class SecretStore {
  private writes: Promise<unknown> = Promise.resolve()

  constructor(
    private readonly file: string,
    private readonly cipher: SecretCipher
  ) {}

  /** The secret, or undefined when it is not stored or cannot be decrypted any more. */
  async get(name: string): Promise<string | undefined> {
    await this.writes.catch(() => undefined)
    const loaded = await this.load()
    const blob = loaded.kind === 'ok' ? loaded.secrets.get(name) : undefined
    if (blob === undefined) return undefined
    try {
      return this.cipher.decrypt(Buffer.from(blob, 'base64'))
    } catch {
      // Encrypted with another key or keychain (a copied data dir, a new OS account): forgotten.
      return undefined
    }
  }

  async has(name: string): Promise<boolean> {
    return (await this.get(name)) !== undefined
  }

  async set(name: string, value: string): Promise<void> {
    checkName(name)
    if (!this.cipher.available) {
      throw new Error(`cannot remember secrets: ${this.cipher.description}; it will be asked each time`)
    }
    const blob = this.cipher.encrypt(value).toString('base64')
    await this.update((secrets) => secrets.set(name, blob))
  }

  delete(name: string): Promise<void> {
    return this.update((secrets) => secrets.delete(name))
  }

  /** Read-modify-write, one at a time, so that two changes never lose each other. */
  private update(change: (secrets: Map<string, string>) => void): Promise<void> {
    const next = this.writes.catch(() => undefined).then(async () => {
      const loaded = await this.load()
      if (loaded.kind === 'corrupt') await this.keepCorruptCopy()
      const secrets = loaded.kind === 'ok' ? loaded.secrets : new Map<string, string>()
      change(secrets)
      const data = { version: 1, secrets: Object.fromEntries(secrets) }
      await mkdir(dirname(this.file), { recursive: true, mode: 0o700 })
      await writeFileAtomic(this.file, `${JSON.stringify(data, null, 2)}\n`, 0o600)
    })
    this.writes = next
    return next
  }

  private async load(): Promise<Loaded> {
    let text: string
    try {
      text = await readFile(this.file, 'utf8')
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { kind: 'ok', secrets: new Map() }
      throw new Error(`the secrets file ${this.file} cannot be read: ${(error as Error).message}`)
    }
    try {
      const secrets = secretsOf(JSON.parse(text))
      return secrets ? { kind: 'ok', secrets } : { kind: 'corrupt' }
    } catch {
      return { kind: 'corrupt' }
    }
  }

  /** The damaged file stays next to the new one, in case its secrets can still be recovered. */
  private async keepCorruptCopy(): Promise<void> {
    await copyFile(this.file, `${this.file}.corrupt-${Date.now()}`)
  }
}

/**
 * `{ version: 1, secrets: { name: base64 } }`, read by hand: a zod record rebuilds the object
 * by assignment, which drops a name such as "__proto__".
 */
function secretsOf(data: unknown): Map<string, string> | undefined {
  if (!isObject(data) || data.version !== 1 || !isObject(data.secrets)) return undefined
  const entries = Object.entries(data.secrets)
  const blobs = entries.filter((entry): entry is [string, string] => typeof entry[1] === 'string')
  return blobs.length === entries.length ? new Map(blobs) : undefined
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function checkName(name: string): void {
  if (name.length === 0 || name.length > 1024) throw new Error('a secret name is 1 to 1024 characters long')
}
