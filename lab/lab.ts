import { appendFile, mkdir, writeFile } from 'node:fs/promises'
import { userInfo } from 'node:os'
import { join, resolve } from 'node:path'
import { stringify } from 'yaml'
import { extrasSessionEnv, startExtras, type LabExtraServers, type LabExtras, type Track } from './extras'
import { startHealthService } from './health-service'
import { ensureKey, readPublicKey } from './keys'
import { startNodeExporter } from './node-exporter'
import { settleAll } from './settle'
import { startSshd, type Sshd } from './sshd'
import { knownHostsLine, labInventory, labNodes, labPi, labWorker, type LabPorts } from './topology'

/**
 * A simulated homelab on loopback: one real sshd per node (127.0.1.x), a node_exporter on
 * lab-pi and a /health web service on lab-worker; on request, the extras of lab/extras.ts.
 *
 * Data dir layout: id_ed25519(.pub) (the lab user's key), authorized_keys, known_hosts,
 * lab-inventory.yaml, and one folder per node id with its host key, sshd_config and sshd.pid.
 * The extras add nginx/ (config and site), prometheus/ (config and TSDB), docker.sock, docker-config/
 * and lab-pi/minecraft/ (server.properties, world/, backups/, logs/latest.log).
 */

export interface StartLabOptions {
  dataDir: string
  /** Same port on every node, as each node has its own address. */
  sshPort?: number
  /** node_exporter on lab-pi. */
  exporterPort?: number
  /** /health service on lab-worker. */
  healthPort?: number
  /** More variables for every SSH session on every node, e.g. DOCKER_HOST of a lab engine. */
  sessionEnv?: Readonly<Record<string, string>>
  /** Starts the extras on these ports and lists them in the inventory; none without it. */
  extras?: LabExtras
}

export interface LabNode {
  id: string
  address: string
  sshPort: number
}

export interface Lab {
  dataDir: string
  inventoryPath: string
  knownHostsPath: string
  /** Private key of the lab user, accepted by every node. */
  keyPath: string
  /** The login user: the OS user running the lab, since sshd can only switch users as root. */
  user: string
  nodes: readonly LabNode[]
  /** node_exporter on lab-pi, as written in the inventory. */
  metricsUrl: string
  /** The /health service on lab-worker, as written in the inventory. */
  healthUrl: string
  /** The running extras, when they were asked for. */
  extras?: LabExtraServers
  /** Kills a node's sshd and every session it serves, as a crash or reboot would. */
  stopSshd(nodeId: string): Promise<void>
  /** Starts a stopped node's sshd again, with the same host key. */
  startSshd(nodeId: string): Promise<void>
  /** Lets one more public key ("ssh-ed25519 AAAA...") log in to every node. */
  authorizeKey(publicKey: string): Promise<void>
  /** Stops every process and server of the lab; safe to call more than once. */
  stop(): Promise<void>
}

type Stopper = () => Promise<void>

export async function startLab(options: StartLabOptions): Promise<Lab> {
  const dataDir = resolve(options.dataDir)
  const ports: LabPorts = {
    ssh: options.sshPort ?? 2222,
    exporter: options.exporterPort ?? 9100,
    health: options.healthPort ?? 8080
  }
  const user = userInfo().username
  const keyPath = join(dataDir, 'id_ed25519')
  const authorizedKeysPath = join(dataDir, 'authorized_keys')
  const inventoryPath = join(dataDir, 'lab-inventory.yaml')
  const knownHostsPath = join(dataDir, 'known_hosts')
  const { extras } = options
  // The caller's variables win, so a test can point sessions at an engine of its own.
  const sessionEnv = extras ? { ...extrasSessionEnv(dataDir), ...options.sessionEnv } : options.sessionEnv

  await mkdir(dataDir, { recursive: true })
  await ensureKey(keyPath, `${user}@homelab-lab`)
  await writeFile(authorizedKeysPath, `${await readPublicKey(keyPath)}\n`)

  const stoppers: Stopper[] = []
  const stop = (): Promise<void> => stopAll(stoppers.splice(0))
  /** Registers how to stop something as soon as it runs, so a later failure can clean it up. */
  const track: Track = async (started, stopIt) => {
    const value = await started
    stoppers.push(() => stopIt(value))
    return value
  }
  try {
    // Everything starts at once; settleAll (not Promise.all) so a start still in flight
    // registers its stopper before a failure tears the lab down.
    const running = new Map<string, Sshd>()
    const sshdOptions = (nodeId: string) => {
      const node = labNodes.find((candidate) => candidate.id === nodeId)
      if (!node) throw new Error(`the lab has no node "${nodeId}"`)
      return { nodeId, dir: join(dataDir, nodeId), address: node.address, port: ports.ssh, authorizedKeysPath, ...(sessionEnv && { sessionEnv }) }
    }
    const startNodeSshd = async (nodeId: string) => {
      const sshd = await startSshd(sshdOptions(nodeId))
      running.set(nodeId, sshd)
      return sshd
    }
    const stopNodeSshd = async (nodeId: string) => {
      await running.get(nodeId)?.process.stop()
      running.delete(nodeId)
    }
    stoppers.push(async () => {
      await settleAll([...running.keys()].map(stopNodeSshd))
    })
    const [sshds, exporter, health, extraServers] = await settleAll([
      settleAll(labNodes.map((node) => startNodeSshd(node.id))),
      track(startNodeExporter({ nodeId: labPi.id, address: labPi.address, port: ports.exporter }), (e) =>
        e.process.stop()
      ),
      track(startHealthService({ host: labWorker.address, port: ports.health }), (h) => h.close()),
      extras ? startExtras({ dataDir, extras, exporterTarget: `${labPi.address}:${ports.exporter}`, track }) : Promise.resolve(undefined)
    ])

    const knownHosts = sshds.map((sshd) => knownHostsLine(sshd.address, sshd.port, sshd.hostPublicKey))
    await writeFile(knownHostsPath, `${knownHosts.join('\n')}\n`)
    // labInventory validates with the shared schema, so a lab the console cannot open fails here.
    await writeFile(inventoryPath, stringify(labInventory({ user, keyPath, ports, dataDir, ...(extras && { extras }) })))
    return {
      dataDir,
      inventoryPath,
      knownHostsPath,
      keyPath,
      user,
      nodes: labNodes.map((node) => ({ id: node.id, address: node.address, sshPort: ports.ssh })),
      metricsUrl: exporter.url,
      healthUrl: health.url,
      ...(extraServers && { extras: extraServers }),
      stopSshd: stopNodeSshd,
      startSshd: async (nodeId) => {
        if (!running.has(nodeId)) await startNodeSshd(nodeId)
      },
      authorizeKey: (publicKey) => appendFile(authorizedKeysPath, `${publicKey}\n`),
      stop
    }
  } catch (error) {
    await stop()
    throw error
  }
}

/** Stops everything even if one stop fails, then reports the first failure. */
async function stopAll(stoppers: readonly Stopper[]): Promise<void> {
  await settleAll(stoppers.map((stop) => stop()))
}
