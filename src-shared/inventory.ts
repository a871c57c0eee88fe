import { z } from 'zod'

/**
 * The inventory: one YAML file that is the source of truth for the lab.
 * Every consumer (main, renderer, lab, tests) parses it with these schemas.
 */

/** Node and service ids; health targets are "node" or "node/service" built from it. */
export const idSyntax = '[a-z0-9][a-z0-9-]*'
const idPattern = new RegExp(`^${idSyntax}$`)
export const Id = z
  .string()
  .regex(idPattern, 'ids use lowercase letters, digits and "-" (for example "pi-primary")')

/** A secret is never written in clear: it names where the console finds it. */
export const SecretRef = z
  .string()
  .regex(
    /^(env|secret):[A-Za-z0-9_.-]+$/,
    'secrets are never stored in clear: write "env:VARIABLE" or "secret:NAME"'
  )
export type SecretRef = z.infer<typeof SecretRef>

const Port = z.number().int().min(1).max(65535)
const HttpUrl = z.url({ protocol: /^https?$/, error: 'expected an http:// or https:// URL' })
const Seconds = z.number().positive().max(3600)

const serviceBase = {
  id: Id,
  name: z.string().min(1).optional(),
  /** Seconds between health probes (default 10). */
  interval: Seconds.min(1, 'a service is checked at most once a second').optional(),
  /** Seconds before a probe gives up (default 5). */
  timeout: Seconds.min(0.5, 'a probe needs at least half a second').optional()
}

export const HttpService = z.strictObject({
  ...serviceBase,
  kind: z.literal('http'),
  url: HttpUrl,
  expect: z
    .strictObject({
      status: z.number().int().min(100).max(599).optional(),
      keyword: z.string().min(1).optional(),
      json: z.strictObject({ path: z.string().min(1), equals: z.unknown() }).optional()
    })
    .optional()
})

export const TcpService = z.strictObject({
  ...serviceBase,
  kind: z.literal('tcp'),
  port: Port,
  /** Defaults to the node's host. */
  host: z.string().min(1).optional()
})

export const OllamaService = z.strictObject({
  ...serviceBase,
  kind: z.literal('ollama'),
  url: HttpUrl
})

export const MinecraftService = z.strictObject({
  ...serviceBase,
  kind: z.literal('minecraft'),
  port: Port.default(25565),
  rcon: z.strictObject({ port: Port.default(25575), password: SecretRef }).optional(),
  log: z.string().min(1).optional(),
  world: z.string().min(1).optional(),
  backups: z.string().min(1).optional(),
  unit: z.string().min(1).optional(),
  container: z.string().min(1).optional()
})

export const ImagegenService = z.strictObject({
  ...serviceBase,
  kind: z.literal('imagegen'),
  api: z.enum(['worker', 'a1111', 'comfyui']),
  url: HttpUrl
})

/** A systemd unit on the node, checked over SSH. */
export const SystemdService = z.strictObject({
  ...serviceBase,
  kind: z.literal('systemd'),
  unit: z.string().min(1)
})

/** A Docker container on the node, checked over SSH. */
export const DockerService = z.strictObject({
  ...serviceBase,
  kind: z.literal('docker'),
  container: z.string().min(1)
})

export const Service = z.discriminatedUnion('kind', [
  HttpService,
  TcpService,
  OllamaService,
  MinecraftService,
  ImagegenService,
  SystemdService,
  DockerService
])
export type Service = z.infer<typeof Service>
export type ServiceKind = Service['kind']

export const SshSettings = z.strictObject({
  user: z.string().min(1).optional(),
  port: Port.default(22),
  /** Path of a private key file; an SSH agent is tried first. */
  key: z.string().min(1).optional(),
  /** Id of the node to connect through. */
  jump: Id.optional(),
  password: SecretRef.optional()
})

export const Metrics = z.union(
  [z.enum(['ssh', 'local', 'none']), z.templateLiteral(['prometheus:', z.string().regex(/^https?:\/\/\S+$/)])],
  { error: 'metrics is "ssh", "local", "none" or "prometheus:<url>"' }
)

const macPattern = /^([0-9a-f]{2}[:-]){5}[0-9a-f]{2}$/i
export const WakeOnLan = z.strictObject({
  mac: z.string().regex(macPattern, 'a MAC address such as "d8:3a:dd:00:00:01"'),
  broadcast: z.string().min(1).default('255.255.255.255'),
  port: Port.default(9)
})

export const Node = z.strictObject({
  id: Id,
  name: z.string().min(1),
  host: z.string().min(1),
  /** Free text that picks an icon: pi, pc, proxmox, container, gpu, database, ... */
  role: z.string().min(1).optional(),
  description: z.string().optional(),
  /** Id of the node this one runs inside (a container or VM on a host). */
  parent: Id.optional(),
  /** The machine the console runs on: no SSH needed for metrics and terminal. */
  local: z.boolean().optional(),
  /** Planned or retired: drawn, never connected to or polled. */
  disabled: z.boolean().optional(),
  ssh: SshSettings.optional(),
  metrics: Metrics.default('ssh'),
  wol: WakeOnLan.optional(),
  services: z.array(Service).default([])
})
export type Node = z.infer<typeof Node>

export const Link = z.strictObject({
  from: Id,
  to: Id,
  label: z.string().optional()
})
export type Link = z.infer<typeof Link>

export const Inventory = z
  .strictObject({
    name: z.string().min(1),
    description: z.string().optional(),
    nodes: z.array(Node).min(1, 'an inventory needs at least one node'),
    links: z.array(Link).default([])
  })
  .superRefine((inventory, ctx) => {
    const ids = new Map<string, number>()
    inventory.nodes.forEach((node, index) => {
      if (ids.has(node.id)) {
        ctx.addIssue({
          code: 'custom',
          path: ['nodes', index, 'id'],
          message: `node id "${node.id}" is used twice`
        })
      }
      ids.set(node.id, index)
      const serviceIds = new Set<string>()
      node.services.forEach((service, serviceIndex) => {
        if (serviceIds.has(service.id)) {
          ctx.addIssue({
            code: 'custom',
            path: ['nodes', index, 'services', serviceIndex, 'id'],
            message: `service id "${service.id}" is used twice on node "${node.id}"`
          })
        }
        serviceIds.add(service.id)
      })
    })
    const byId = new Map(inventory.nodes.map((node) => [node.id, node]))
    inventory.nodes.forEach((node, index) => {
      if (node.parent !== undefined && !byId.has(node.parent)) {
        ctx.addIssue({
          code: 'custom',
          path: ['nodes', index, 'parent'],
          message: `parent "${node.parent}" is not a node of this inventory`
        })
      }
      if (node.ssh?.jump !== undefined && !byId.has(node.ssh.jump)) {
        ctx.addIssue({
          code: 'custom',
          path: ['nodes', index, 'ssh', 'jump'],
          message: `jump host "${node.ssh.jump}" is not a node of this inventory`
        })
      }
      if (ancestorsLoop(node, byId)) {
        ctx.addIssue({
          code: 'custom',
          path: ['nodes', index, 'parent'],
          message: `node "${node.id}" is inside itself through its parents`
        })
      }
    })
    inventory.links.forEach((link, index) => {
      for (const end of ['from', 'to'] as const) {
        if (!byId.has(link[end])) {
          ctx.addIssue({
            code: 'custom',
            path: ['links', index, end],
            message: `link ${end} "${link[end]}" is not a node of this inventory`
          })
        }
      }
    })
  })
export type Inventory = z.infer<typeof Inventory>
/** What a YAML file holds before defaults are applied. */
export type InventoryInput = z.input<typeof Inventory>

function ancestorsLoop(node: Node, byId: ReadonlyMap<string, Node>): boolean {
  const seen = new Set<string>([node.id])
  let parent = node.parent
  while (parent !== undefined) {
    if (seen.has(parent)) return true
    seen.add(parent)
    parent = byId.get(parent)?.parent
  }
  return false
}

/** The lab the console shows before the user has an inventory of their own. */
export const defaultInventory: Inventory = Inventory.parse({
  name: 'This PC',
  nodes: [
    {
      id: 'this-pc',
      name: 'This PC',
      host: 'localhost',
      role: 'pc',
      local: true,
      metrics: 'local'
    }
  ]
})
