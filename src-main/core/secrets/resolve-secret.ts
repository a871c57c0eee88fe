import { SecretRef } from '../../../src-shared/inventory'
import type { SecretStore } from './secret-store'

/**
 * The value an inventory reference points at: `env:NAME` reads the environment, `secret:NAME`
 * the encrypted store. Undefined when nothing is there, so the user can be asked instead.
 */
export async function resolveSecretRef(ref: SecretRef, store: SecretStore, env: NodeJS.ProcessEnv): Promise<string | undefined> {
  const parsed = SecretRef.safeParse(ref)
  if (!parsed.success) throw new Error(`"${ref}" is not a secret reference: ${parsed.error.issues[0]?.message}`)
  const separator = ref.indexOf(':')
  const scheme = ref.slice(0, separator)
  const name = ref.slice(separator + 1)
  if (scheme === 'secret') return store.get(name)
  // An empty variable is as good as unset: no SSH password or RCON password is empty.
  const value = env[name]
  return value === undefined || value === '' ? undefined : value
}
