import { execFile } from 'node:child_process'
import { existsSync } from 'node:fs'
import { readFile, rm } from 'node:fs/promises'
import { promisify } from 'node:util'

const run = promisify(execFile)

/**
 * Creates an ed25519 key pair without passphrase at `path` (and `path.pub`), unless one is
 * already there: keeping keys across runs keeps known_hosts and the user's key stable.
 */
export async function ensureKey(path: string, comment: string): Promise<void> {
  if (existsSync(path) && existsSync(`${path}.pub`)) return
  // A half pair would make ssh-keygen ask "Overwrite (y/n)?" and hang.
  await Promise.all([rm(path, { force: true }), rm(`${path}.pub`, { force: true })])
  await run('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', comment, '-f', path], {
    timeout: 10_000
  })
}

/** "ssh-ed25519 AAAA..." without the comment, as known_hosts and authorized_keys want it. */
export async function readPublicKey(path: string): Promise<string> {
  const [type, blob] = (await readFile(`${path}.pub`, 'utf8')).trim().split(/\s+/)
  if (type === undefined || blob === undefined) throw new Error(`${path}.pub is not a public key`)
  return `${type} ${blob}`
}
