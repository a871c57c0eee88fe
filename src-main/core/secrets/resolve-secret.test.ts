import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createFileKeyCipher } from './file-key-cipher'
import { resolveSecretRef } from './resolve-secret'
import { SecretStore } from './secret-store'

let dir: string

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'homelab-refs-'))
})

afterEach(async () => {
  await rm(dir, { recursive: true, force: true })
})

describe('resolveSecretRef', () => {
  it('reads env: from the environment and secret: from the store', async () => {
    const store = new SecretStore(join(dir, 'secrets.json'), await createFileKeyCipher(dir))
    await store.set('mc-rcon', 'rcon-pass')
    const env = { MC_RCON: 'from-env', EMPTY: '' }
    expect(await resolveSecretRef('env:MC_RCON', store, env)).toBe('from-env')
    expect(await resolveSecretRef('env:MISSING', store, env)).toBeUndefined()
    expect(await resolveSecretRef('env:EMPTY', store, env)).toBeUndefined()
    expect(await resolveSecretRef('secret:mc-rcon', store, env)).toBe('rcon-pass')
    expect(await resolveSecretRef('secret:unknown', store, env)).toBeUndefined()
    await expect(resolveSecretRef('hunter2', store, env)).rejects.toThrow(/"hunter2" is not a secret reference/)
  })
})
