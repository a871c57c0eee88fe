import { join } from 'node:path'
import { Inventory, type InventoryInput } from '../src-shared/inventory'
import { latestLogPath } from './minecraft-log'
import { minecraftFolders } from './minecraft-world'
import { nginxHealthPage } from './nginx'

/** One simulated machine: every node gets its own loopback address, so ports never clash. */
export interface LabNodeSpec {
  id: string
  name: string
  address: string
  role: string
  description: string
  parent?: string
  jump?: string
}

/** Also runs Redis, nginx and Prometheus when the lab has its extras. */
export const labGateway: LabNodeSpec = {
  id: 'lab-gateway',
  name: 'Lab gateway',
  address: '127.0.1.10',
  role: 'server',
  description: 'Entry point of the lab; lab-box runs inside it'
}

/** Also runs prometheus-node-exporter; with the extras, a Minecraft server (in a container) and Ollama. */
export const labPi: LabNodeSpec = {
  id: 'lab-pi',
  name: 'Lab Pi',
  address: '127.0.1.11',
  role: 'pi',
  description: 'Raspberry Pi stand-in with a Prometheus node_exporter'
}

/**
 * Also runs the /health web service; with the extras, the GPU PC's image generators (the seed's
 * worker, AUTOMATIC1111 and ComfyUI), its Ollama and the Flaky API.
 */
export const labWorker: LabNodeSpec = {
  id: 'lab-worker',
  name: 'Lab worker',
  address: '127.0.1.12',
  role: 'pc',
  description: 'Workstation stand-in running a web service with /health'
}

/** With the extras, its `docker` reaches the lab's Docker engine. */
export const labBox: LabNodeSpec = {
  id: 'lab-box',
  name: 'Lab box',
  address: '127.0.1.13',
  role: 'container',
  description: 'Container inside the gateway, reached by jumping through it',
  parent: labGateway.id,
  jump: labGateway.id
}

export const labNodes: readonly LabNodeSpec[] = [labGateway, labPi, labWorker, labBox]

export interface LabPorts {
  ssh: number
  exporter: number
  health: number
}

/** Ports of the optional extras, each on its own node (see lab/extras.ts). */
export interface LabExtraPorts {
  redisPort: number
  nginxPort: number
  prometheusPort: number
  minecraftPort: number
  /** RCON of lab-pi's Minecraft server. */
  rconPort: number
  /** lab-pi's Ollama. */
  ollamaPort: number
  /** lab-worker's Ollama (the GPU PC's). */
  workerOllamaPort: number
  workerPort: number
  /** lab-worker's AUTOMATIC1111 (Stable Diffusion web UI with --api). */
  a1111Port: number
  /** lab-worker's ComfyUI. */
  comfyuiPort: number
  flakyPort: number
}

type ServiceInput = NonNullable<InventoryInput['nodes'][number]['services']>[number]

/** The container the lab's Docker engine runs and lab-box's inventory checks. */
export const labWebContainer = 'web'

/** The container lab-pi's Minecraft server runs in, which the console starts and stops. */
export const labMinecraftContainer = 'minecraft'

/** The variable the inventory reads the RCON password from: the console needs it in its environment. */
export const labRconPasswordVariable = 'LAB_RCON_PASSWORD'

/** lab-pi's Minecraft server folder (server.properties, world/, backups/, logs/) in the lab data dir. */
export function labMinecraftDir(dataDir: string): string {
  return join(dataDir, labPi.id, 'minecraft')
}

/** The inventory the console opens for the lab, validated against the shared schema. */
export function labInventory(options: { user: string; keyPath: string; ports: LabPorts; dataDir: string; extras?: LabExtraPorts }): Inventory {
  const { user, keyPath, ports, dataDir, extras } = options
  const input: InventoryInput = {
    name: 'Simulated lab',
    description: extras
      ? 'Real sshd, node_exporter, Redis, nginx, Prometheus and Minecraft, with two Ollama, three image generators (worker, A1111, ComfyUI) and Docker emulators, on loopback addresses (npm run lab)'
      : 'Real sshd, node_exporter and a web service on loopback addresses (npm run lab)',
    nodes: labNodes.map((node) => ({
      id: node.id,
      name: node.name,
      host: node.address,
      role: node.role,
      description: node.description,
      ...(node.parent !== undefined && { parent: node.parent }),
      ssh: { user, port: ports.ssh, key: keyPath, ...(node.jump !== undefined && { jump: node.jump }) },
      ...(node === labPi && {
        // With the extras, the console asks Prometheus (server mode) instead of scraping the exporter.
        metrics: extras
          ? (`prometheus:http://${labGateway.address}:${extras.prometheusPort}` as const)
          : (`prometheus:http://${node.address}:${ports.exporter}/metrics` as const)
      }),
      services: [
        { id: 'ssh', name: 'SSH', kind: 'tcp' as const, port: ports.ssh },
        ...(node === labWorker
          ? [
              {
                id: 'health',
                name: 'Web service',
                kind: 'http' as const,
                url: `http://${node.address}:${ports.health}/health`,
                expect: { status: 200 }
              }
            ]
          : []),
        ...(extras ? extraServices(node, extras, dataDir) : [])
      ]
    })),
    links: [
      { from: labGateway.id, to: labPi.id, label: 'loopback' },
      { from: labGateway.id, to: labWorker.id, label: 'loopback' }
    ]
  }
  return Inventory.parse(input)
}

/** The services of the extras that run on `node`, with stable ids. */
function extraServices(node: LabNodeSpec, extras: LabExtraPorts, dataDir: string): ServiceInput[] {
  const at = (port: number) => `http://${node.address}:${port}`
  switch (node) {
    case labGateway:
      return [
        { id: 'redis', name: 'Redis', kind: 'tcp', port: extras.redisPort },
        {
          id: 'nginx',
          name: 'nginx',
          kind: 'http',
          url: `${at(extras.nginxPort)}${nginxHealthPage.path}`,
          expect: { status: 200, keyword: nginxHealthPage.keyword }
        }
      ]
    case labPi:
      return [minecraftService(labMinecraftDir(dataDir), extras), { id: 'ollama', name: 'Ollama', kind: 'ollama', url: at(extras.ollamaPort) }]
    case labWorker:
      return [
        { id: 'imagegen', name: 'Image worker', kind: 'imagegen', api: 'worker', url: at(extras.workerPort) },
        { id: 'a1111', name: 'Stable Diffusion (A1111)', kind: 'imagegen', api: 'a1111', url: at(extras.a1111Port) },
        { id: 'comfyui', name: 'ComfyUI', kind: 'imagegen', api: 'comfyui', url: at(extras.comfyuiPort) },
        { id: 'ollama', name: 'Ollama', kind: 'ollama', url: at(extras.workerOllamaPort) },
        { id: 'flaky-api', name: 'Flaky API', kind: 'http', url: `${at(extras.flakyPort)}/health`, expect: { status: 200 } }
      ]
    case labBox:
      return [{ id: 'docker-web', name: 'web container', kind: 'docker', container: labWebContainer }]
    default:
      return []
  }
}

/** lab-pi's Minecraft server: its paths are the lab machine's, which is also lab-pi. */
function minecraftService(serverDir: string, extras: LabExtraPorts): ServiceInput {
  const { worldDir, backupsDir } = minecraftFolders(serverDir)
  return {
    id: 'minecraft',
    name: 'Minecraft',
    kind: 'minecraft',
    port: extras.minecraftPort,
    rcon: { port: extras.rconPort, password: `env:${labRconPasswordVariable}` },
    log: latestLogPath(serverDir),
    world: worldDir,
    backups: backupsDir,
    container: labMinecraftContainer
  }
}

/** One OpenSSH known_hosts line; non-default ports use the "[host]:port" form. */
export function knownHostsLine(address: string, port: number, hostPublicKey: string): string {
  const host = port === 22 ? address : `[${address}]:${port}`
  return `${host} ${hostPublicKey}`
}
