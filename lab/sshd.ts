import { mkdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { ensureKey, readPublicKey } from './keys'
import { assertPortFree, canConnect, waitUntil } from './net'
import { startProcess, type ManagedProcess } from './process'

// sshd re-executes itself for every connection and refuses to start from a relative path.
const sshdBinary = '/usr/sbin/sshd'

export interface SshdOptions {
  /** Node id: names the process in messages and is exported to sessions as LAB_NODE. */
  nodeId: string
  /** The node's own folder in the lab data dir (host key, config, pid file). */
  dir: string
  address: string
  port: number
  /** File with the lab user's public key. */
  authorizedKeysPath: string
  /** More variables for every session, e.g. DOCKER_HOST pointing at a lab engine. */
  sessionEnv?: Readonly<Record<string, string>>
}

export interface Sshd {
  process: ManagedProcess
  address: string
  port: number
  /** "ssh-ed25519 AAAA...", for known_hosts. */
  hostPublicKey: string
  pidFile: string
}

/** Starts a real OpenSSH server for one node and resolves once it accepts connections. */
export async function startSshd(options: SshdOptions): Promise<Sshd> {
  const { nodeId, dir, address, port, authorizedKeysPath, sessionEnv = {} } = options
  await mkdir(dir, { recursive: true })
  const hostKeyPath = join(dir, 'ssh_host_ed25519_key')
  await ensureKey(hostKeyPath, `${nodeId} host key`)
  const pidFile = join(dir, 'sshd.pid')
  const configPath = join(dir, 'sshd_config')
  await writeFile(configPath, sshdConfig({ address, port, hostKeyPath, pidFile, authorizedKeysPath, nodeId, sessionEnv }))

  // As root, sshd insists on its privilege-separation directory, which a container
  // without the sshd service never created.
  if (process.getuid?.() === 0) await mkdir('/run/sshd', { recursive: true, mode: 0o755 })

  const what = `sshd of ${nodeId}`
  await assertPortFree(address, port, what)
  const sshd = await startProcess(what, sshdBinary, ['-D', '-e', '-f', configPath])
  try {
    await waitUntil(`${what} on ${address}:${port}`, () => canConnect(address, port), { process: sshd })
  } catch (error) {
    await sshd.stop()
    throw error
  }
  return { process: sshd, address, port, hostPublicKey: await readPublicKey(hostKeyPath), pidFile }
}

function sshdConfig(o: {
  address: string
  port: number
  hostKeyPath: string
  pidFile: string
  authorizedKeysPath: string
  nodeId: string
  sessionEnv: Readonly<Record<string, string>>
}): string {
  return [
    `ListenAddress ${o.address}`,
    `Port ${o.port}`,
    `HostKey "${o.hostKeyPath}"`,
    `PidFile "${o.pidFile}"`,
    `AuthorizedKeysFile "${o.authorizedKeysPath}"`,
    // Keys only, like a well-kept homelab; no PAM so it also runs as a normal user.
    'PasswordAuthentication no',
    'KbdInteractiveAuthentication no',
    'PubkeyAuthentication yes',
    'UsePAM no',
    // The lab dir may live in /tmp or a group-writable checkout.
    'StrictModes no',
    'PermitRootLogin prohibit-password',
    // The console reaches lab-box by jumping through lab-gateway.
    'AllowTcpForwarding yes',
    'Subsystem sftp internal-sftp',
    // Every node runs on this one machine; LAB_NODE tells a session which node it reached.
    // sshd honours only its first SetEnv line, so every variable goes on this one.
    `SetEnv LAB_NODE=${o.nodeId}${Object.entries(o.sessionEnv).map(setEnvWord).join('')}`,
    'LogLevel ERROR',
    ''
  ].join('\n')
}

/** One quoted NAME=value word of SetEnv; refuses what sshd_config quoting cannot carry. */
function setEnvWord([name, value]: [string, string]): string {
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name) || /["\\]|\p{Cc}/u.test(value)) {
    throw new Error(`sshd session variable ${name}: the name must be a shell identifier and the value hold no quote, backslash or control character`)
  }
  return ` "${name}=${value}"`
}
