import { execFile } from 'node:child_process'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parse, stringify } from 'yaml'
import type { SshConnectionState } from '../../../src-shared/ssh'
import type { Core } from '../create-core'
import { call, startSshLab, type SshLab } from '../../testing/ssh-lab'

const run = promisify(execFile)
let ssh: SshLab
let keys: string

beforeAll(async () => {
  ssh = await startSshLab({ sshPort: 2296, exporterPort: 9196, healthPort: 8096 })
  keys = await mkdtemp(join(tmpdir(), 'homelab-keys-'))
}, 60_000)

afterAll(async () => {
  await ssh?.stop()
  if (keys) await rm(keys, { recursive: true, force: true })
})

/** The lab inventory with one node's ssh settings changed. */
function withSsh(nodeId: string, change: Record<string, unknown>): string {
  const inventory = parse(ssh.inventoryYaml) as { nodes: { id: string; ssh: Record<string, unknown> }[] }
  for (const node of inventory.nodes) {
    if (node.id === nodeId) node.ssh = Object.fromEntries(Object.entries({ ...node.ssh, ...change }).filter(([, value]) => value !== null))
  }
  return stringify(inventory)
}

async function newKey(name: string, passphrase = ''): Promise<string> {
  const path = join(keys, name)
  await run('ssh-keygen', ['-q', '-t', 'ed25519', '-N', passphrase, '-C', name, '-f', path])
  return path
}

async function fingerprintOfFile(pubPath: string): Promise<string> {
  const { stdout } = await run('ssh-keygen', ['-lf', pubPath])
  return stdout.split(/\s+/)[1]!
}

async function connect(core: Core, nodeId: string): Promise<SshConnectionState> {
  return (await call(core, 'ssh.connect', { nodeId })) as SshConnectionState
}

describe('SSH connections against the lab’s OpenSSH', () => {
  it('logs in with the key file and runs commands on the node', async () => {
    const { core } = await ssh.startCore()
    expect(await connect(core, 'lab-gateway')).toMatchObject({ phase: 'ready' })
    const result = await core.ssh.pool.exec('lab-gateway', 'echo "$LAB_NODE:$((6*7))"', { timeoutMs: 5000 })
    expect(result).toMatchObject({ code: 0, stdout: 'lab-gateway:42\n' })
  })

  it('logs in through an SSH agent when no key file is named', async () => {
    const agentSocket = join(keys, 'agent.sock')
    const agent = await run('ssh-agent', ['-a', agentSocket])
    const agentPid = /SSH_AGENT_PID=(\d+)/.exec(agent.stdout)?.[1]
    try {
      await run('ssh-add', ['-q', ssh.lab.keyPath], { env: { ...process.env, SSH_AUTH_SOCK: agentSocket } })
      const { core } = await ssh.startCore({ yaml: withSsh('lab-pi', { key: null }), env: { SSH_AUTH_SOCK: agentSocket } })
      expect(await connect(core, 'lab-pi')).toMatchObject({ phase: 'ready' })
    } finally {
      if (agentPid) process.kill(Number(agentPid))
    }
  })

  it('refuses a key the server does not know, saying what it tried', async () => {
    const stranger = await newKey('stranger')
    const { core } = await ssh.startCore({ yaml: withSsh('lab-pi', { key: stranger }) })
    const state = await connect(core, 'lab-pi')
    expect(state.phase).toBe('disconnected')
    expect(state.message).toContain('Login refused')
    expect(state.message).toContain(stranger)
    expect(state.message).toContain('publickey')
    expect(state.retryAt).toBeNull()
  })

  it('asks for the passphrase of an encrypted key, rejects a wrong one and remembers it encrypted', async () => {
    const locked = await newKey('locked', 'correct horse')
    await ssh.lab.authorizeKey((await readFile(`${locked}.pub`, 'utf8')).trim())
    const temp = await ssh.startCore({ yaml: withSsh('lab-worker', { key: locked }) })
    const { core } = temp
    const asked = await connect(core, 'lab-worker')
    expect(asked).toMatchObject({ phase: 'auth-needed', auth: { kind: 'passphrase', keyPath: locked, retry: false } })

    const wrong = (await call(core, 'ssh.authenticate', { nodeId: 'lab-worker', secret: 'battery staple', remember: false })) as SshConnectionState
    expect(wrong).toMatchObject({ phase: 'auth-needed', auth: { kind: 'passphrase', retry: true } })

    const right = (await call(core, 'ssh.authenticate', { nodeId: 'lab-worker', secret: 'correct horse', remember: true })) as SshConnectionState
    expect(right.phase).toBe('ready')
    const stored = await readFile(join(temp.dataDir, 'secrets.json'))
    expect(stored.includes('correct horse')).toBe(false)
    expect(Object.keys((JSON.parse(stored.toString()) as { secrets: object }).secrets)).toEqual([`ssh-passphrase:${locked}`])
  })

  it('shows an unknown host key and connects only after the user trusts that exact key', async () => {
    const temp = await ssh.startCore({ trustLab: false })
    const { core } = temp
    const unknown = await connect(core, 'lab-gateway')
    const hostKeyPub = join(ssh.lab.dataDir, 'lab-gateway', 'ssh_host_ed25519_key.pub')
    const fingerprint = await fingerprintOfFile(hostKeyPub)
    expect(unknown).toMatchObject({
      phase: 'host-key-unknown',
      hostKeyHost: '[127.0.1.10]:2296',
      presentedKey: { algorithm: 'ssh-ed25519', fingerprint }
    })

    const otherFingerprint = `SHA256:${'A'.repeat(43)}`
    const refused = await core.dispatch('ssh.acceptHostKey', { nodeId: 'lab-gateway', fingerprint: otherFingerprint })
    expect(refused).toMatchObject({ ok: false, error: { message: expect.stringContaining('does not match') } })

    expect(await call(core, 'ssh.acceptHostKey', { nodeId: 'lab-gateway', fingerprint })).toMatchObject({ phase: 'ready' })
    const ownKnownHosts = await readFile(join(temp.dataDir, 'known_hosts'), 'utf8')
    expect(ownKnownHosts).toContain('[127.0.1.10]:2296 ssh-ed25519 ')
  })

  it('refuses a changed host key, and replaces it only on the separate deliberate request', async () => {
    const temp = await ssh.startCore({ trustLab: false })
    const { core } = temp
    const impostor = await newKey('impostor-host')
    const impostorLine = (await readFile(`${impostor}.pub`, 'utf8')).split(' ').slice(0, 2).join(' ')
    await writeFile(join(temp.dataDir, 'known_hosts'), `[127.0.1.11]:2296 ${impostorLine}\n`)

    const changed = await connect(core, 'lab-pi')
    expect(changed).toMatchObject({
      phase: 'host-key-changed',
      knownKeys: [{ fingerprint: await fingerprintOfFile(`${impostor}.pub`) }],
      presentedKey: { fingerprint: await fingerprintOfFile(join(ssh.lab.dataDir, 'lab-pi', 'ssh_host_ed25519_key.pub')) }
    })
    // Trusting is for keys seen the first time; a changed key is never accepted that way.
    const presented = changed.presentedKey!.fingerprint
    expect(await core.dispatch('ssh.acceptHostKey', { nodeId: 'lab-pi', fingerprint: presented })).toMatchObject({ ok: false })
    expect(await connect(core, 'lab-pi')).toMatchObject({ phase: 'host-key-changed' })

    expect(await call(core, 'ssh.replaceHostKey', { nodeId: 'lab-pi', fingerprint: presented })).toMatchObject({ phase: 'ready' })
    expect(await readFile(join(temp.dataDir, 'known_hosts'), 'utf8')).not.toContain(impostorLine)
  })

  it('reaches a node through its jump host', async () => {
    const { core } = await ssh.startCore()
    expect(await connect(core, 'lab-box')).toMatchObject({ phase: 'ready', via: ['lab-gateway'] })
    expect((await core.ssh.pool.exec('lab-box', 'echo $LAB_NODE', { timeoutMs: 5000 })).stdout).toBe('lab-box\n')
  })

  it('goes several hops deep', async () => {
    const yaml = withSsh('lab-worker', { jump: 'lab-pi' }).replace(/(id: lab-pi[\s\S]*?key: [^\n]+)/, '$1\n      jump: lab-gateway')
    const { core } = await ssh.startCore({ yaml })
    expect(await connect(core, 'lab-worker')).toMatchObject({ phase: 'ready', via: ['lab-gateway', 'lab-pi'] })
    expect((await core.ssh.pool.exec('lab-worker', 'echo $LAB_NODE', { timeoutMs: 5000 })).stdout).toBe('lab-worker\n')
  })

  it('says clearly when nothing listens on the port', async () => {
    const { core } = await ssh.startCore({ yaml: withSsh('lab-pi', { port: 2195 }) })
    const state = await connect(core, 'lab-pi')
    expect(state).toMatchObject({ phase: 'disconnected' })
    expect(state.message).toContain('refused')
  })
})
