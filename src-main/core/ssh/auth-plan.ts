import { existsSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { homedir } from 'node:os'
import { join } from 'node:path'
import ssh2, { type AnyAuthMethod, type AuthenticationType, type AuthHandlerMiddleware, type ParsedKey } from 'ssh2'
import type { AuthPrompt } from '../../../src-shared/ssh'
import type { SshTarget } from './ssh-target'

/** A private key file as far as the console could open it. */
export interface KeyFile {
  readonly path: string
  readonly key: ParsedKey | undefined
  /** Encrypted, and no passphrase is known for it (or the known one is wrong). */
  readonly locked: boolean
  readonly wrongPassphrase: boolean
  readonly problem: string | undefined
}

/** The secrets the user gave (this run or remembered) that the plan may use. */
export interface KnownSecrets {
  passphrase(keyPath: string): Promise<string | undefined>
  password(target: SshTarget): Promise<string | undefined>
}

export interface AuthPlan {
  readonly handler: AuthHandlerMiddleware
  readonly keys: readonly KeyFile[]
  readonly agents: readonly string[]
  readonly password: string | undefined
  /** What the server said it accepts, once it has refused something. */
  serverMethods(): readonly AuthenticationType[]
}

const defaultKeyNames = ['id_ed25519', 'id_ecdsa', 'id_rsa']

/** Agents first, as OpenSSH does: SSH_AUTH_SOCK, and on Windows the OpenSSH pipe and Pageant. */
export function agentSockets(env: NodeJS.ProcessEnv, platform: NodeJS.Platform): string[] {
  const sockets = env.SSH_AUTH_SOCK ? [env.SSH_AUTH_SOCK] : []
  if (platform === 'win32') sockets.push('\\\\.\\pipe\\openssh-ssh-agent', 'pageant')
  return [...new Set(sockets)]
}

export async function loadKeyFiles(target: SshTarget, secrets: KnownSecrets, sshDir = join(homedir(), '.ssh')): Promise<KeyFile[]> {
  const paths = target.keyPath !== undefined ? [target.keyPath] : defaultKeyNames.map((name) => join(sshDir, name)).filter((path) => existsSync(path))
  return Promise.all(paths.map((path) => loadKeyFile(path, secrets)))
}

async function loadKeyFile(path: string, secrets: KnownSecrets): Promise<KeyFile> {
  const none = { path, key: undefined, locked: false, wrongPassphrase: false }
  let data: Buffer
  try {
    data = await readFile(path)
  } catch (error) {
    return { ...none, problem: `cannot read the key file ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}` }
  }
  const plain = firstKey(ssh2.utils.parseKey(data))
  if (!(plain instanceof Error)) return { ...none, key: plain, problem: undefined }
  if (!isEncryptedKeyError(plain)) return { ...none, problem: `${path} is not a private key ssh2 can use: ${plain.message}` }
  const passphrase = await secrets.passphrase(path)
  if (passphrase === undefined) return { ...none, locked: true, problem: undefined }
  const unlocked = firstKey(ssh2.utils.parseKey(data, passphrase))
  if (unlocked instanceof Error) return { ...none, locked: true, wrongPassphrase: true, problem: undefined }
  return { ...none, key: unlocked, problem: undefined }
}

/** Whether a passphrase opens the key file; the answer to a passphrase prompt is checked here first. */
export async function passphraseOpens(path: string, passphrase: string): Promise<boolean> {
  return !(firstKey(ssh2.utils.parseKey(await readFile(path), passphrase)) instanceof Error)
}

function firstKey(parsed: ParsedKey | ParsedKey[] | Error): ParsedKey | Error {
  return Array.isArray(parsed) ? (parsed[0] ?? new Error('the file holds no key')) : parsed
}

function isEncryptedKeyError(error: Error): boolean {
  return /encrypted|passphrase/i.test(error.message)
}

export async function planAuth(target: SshTarget, options: { secrets: KnownSecrets; agents: readonly string[]; sshDir?: string }): Promise<AuthPlan> {
  const keys = await loadKeyFiles(target, options.secrets, options.sshDir)
  const password = await options.secrets.password(target)
  const username = target.username
  const methods: AnyAuthMethod[] = [
    ...options.agents.map((agent): AnyAuthMethod => ({ type: 'agent', username, agent })),
    ...keys.flatMap((file): AnyAuthMethod[] => (file.key ? [{ type: 'publickey', username, key: file.key }] : [])),
    ...(password === undefined
      ? []
      : [
          { type: 'password', username, password } satisfies AnyAuthMethod,
          {
            type: 'keyboard-interactive',
            username,
            prompt: (_name, _instructions, _lang, prompts, finish) => finish(prompts.map(() => password))
          } satisfies AnyAuthMethod
        ])
  ]
  let serverMethods: AuthenticationType[] = []
  let next = 0
  const handler: AuthHandlerMiddleware = (methodsLeft, _partialSuccess, callback) => {
    if (methodsLeft) serverMethods = methodsLeft
    while (next < methods.length) {
      const method = methods[next++]!
      if (serverMethods.length === 0 || serverMethods.includes(method.type === 'agent' ? 'publickey' : method.type)) {
        callback(method)
        return
      }
    }
    callback(false as unknown as AuthenticationType)
  }
  return { handler, keys, agents: options.agents, password, serverMethods: () => serverMethods }
}

export type AuthOutcome = { kind: 'prompt'; prompt: AuthPrompt } | { kind: 'refused'; message: string }

/** After the server refused everything: what to ask the user next, or why asking cannot help. */
export function explainAuthFailure(plan: AuthPlan, target: SshTarget): AuthOutcome {
  const locked = plan.keys.find((file) => file.locked)
  if (locked) return { kind: 'prompt', prompt: { kind: 'passphrase', keyPath: locked.path, retry: locked.wrongPassphrase } }
  const allowed = plan.serverMethods()
  if (allowed.includes('password') || allowed.includes('keyboard-interactive')) {
    return { kind: 'prompt', prompt: { kind: 'password', keyPath: null, retry: plan.password !== undefined } }
  }
  const tried = [
    ...plan.agents.map((agent) => `the agent at ${agent}`),
    ...plan.keys.filter((file) => file.key).map((file) => file.path)
  ]
  const problems = plan.keys.flatMap((file) => (file.problem ? [file.problem] : []))
  const triedText = tried.length > 0 ? `refused ${tried.join(', ')}` : 'was offered no key: no agent and no key file'
  const accepts = allowed.length > 0 ? ` (it accepts: ${allowed.join(', ')})` : ''
  return {
    kind: 'refused',
    message: `${target.username}@${target.host}:${target.port} ${triedText}${accepts}.${problems.map((p) => ` ${p}.`).join('')}`
  }
}
