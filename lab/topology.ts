import { Inventory, type InventoryInput } from '../src-shared/inventory'

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

const gateway: LabNodeSpec = {
  id: 'lab-gateway',
  name: 'Lab gateway',
  address: '127.0.1.10',
  role: 'server',
  description: 'Entry point of the lab; lab-box runs inside it'
}

/** Also runs prometheus-node-exporter. */
export const labPi: LabNodeSpec = {
  id: 'lab-pi',
  name: 'Lab Pi',
  address: '127.0.1.11',
  role: 'pi',
  description: 'Raspberry Pi stand-in with a Prometheus node_exporter'
}

/** Also runs the /health web service. */
export const labWorker: LabNodeSpec = {
  id: 'lab-worker',
  name: 'Lab worker',
  address: '127.0.1.12',
  role: 'pc',
  description: 'Workstation stand-in running a web service with /health'
}

const box: LabNodeSpec = {
  id: 'lab-box',
  name: 'Lab box',
  address: '127.0.1.13',
  role: 'container',
  description: 'Container inside the gateway, reached by jumping through it',
  parent: gateway.id,
  jump: gateway.id
}

export const labNodes: readonly LabNodeSpec[] = [gateway, labPi, labWorker, box]

export interface LabPorts {
  ssh: number
  exporter: number
  health: number
}

/** The inventory the console opens for the lab, validated against the shared schema. */
export function labInventory(options: { user: string; keyPath: string; ports: LabPorts }): Inventory {
  const { user, keyPath, ports } = options
  const input: InventoryInput = {
    name: 'Simulated lab',
    description: 'Real sshd, node_exporter and a web service on loopback addresses (npm run lab)',
    nodes: labNodes.map((node) => ({
      id: node.id,
      name: node.name,
      host: node.address,
      role: node.role,
      description: node.description,
      ...(node.parent !== undefined && { parent: node.parent }),
      ssh: { user, port: ports.ssh, key: keyPath, ...(node.jump !== undefined && { jump: node.jump }) },
      ...(node === labPi && {
        metrics: `prometheus:http://${node.address}:${ports.exporter}/metrics` as const
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
          : [])
      ]
    })),
    links: [
      { from: gateway.id, to: labPi.id, label: 'loopback' },
      { from: gateway.id, to: labWorker.id, label: 'loopback' }
    ]
  }
  return Inventory.parse(input)
}

/** One OpenSSH known_hosts line; non-default ports use the "[host]:port" form. */
export function knownHostsLine(address: string, port: number, hostPublicKey: string): string {
  const host = port === 22 ? address : `[${address}]:${port}`
  return `${host} ${hostPublicKey}`
}
