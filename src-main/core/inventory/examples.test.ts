import { readFileSync } from 'node:fs'
import { isIP } from 'node:net'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import type { Inventory, Node, Service } from '../../../src-shared/inventory'
import { loadExamples } from './examples'
import { parseInventory } from './parse'

const examplesDir = fileURLToPath(new URL('../../../resources/examples/', import.meta.url))

/** Every shipped example and the node ids it must hold, in file order. */
const expectedNodeIds: Record<string, readonly string[]> = {
  'dual-pi': ['pi-minecraft', 'pi-llm'],
  'otm-home': ['backend', 'raspi'],
  'pi-ai-worker': ['pi', 'pc'],
  'pi-cluster': ['pi-lb', 'pi-web1', 'pi-web2', 'pi-db'],
  proxmox: [
    'socrates',
    'rawls',
    'plato',
    'ai-gpu0',
    'ai-unified',
    'ai-gpu1',
    'gitlab',
    'dns',
    'netbox',
    'frege',
    'russell',
    'wittgenstein'
  ]
}

const roles = new Set([
  'pi',
  'pc',
  'server',
  'proxmox',
  'container',
  'gpu',
  'database',
  'loadbalancer',
  'backup',
  'nas'
])

function load(id: string): Inventory {
  const file = `${examplesDir}${id}.yaml`
  const result = parseInventory(readFileSync(file, 'utf8'), file)
  if (!result.ok) {
    throw new Error(`${id}.yaml: ${JSON.stringify(result.problems, null, 2)}`)
  }
  return result.inventory
}

function node(inventory: Inventory, id: string): Node {
  const found = inventory.nodes.find((candidate) => candidate.id === id)
  if (found === undefined) throw new Error(`no node ${id}`)
  return found
}

function services(inventory: Inventory): Service[] {
  return inventory.nodes.flatMap((each) => each.services)
}

function isLoopback(host: string): boolean {
  const bare = host.replace(/^\[|\]$/g, '')
  if (bare === 'localhost' || bare === '::1') return true
  return isIP(bare) === 4 && bare.startsWith('127.')
}

/** Every host name and URL in the inventory, wherever the schema allows one. */
function addresses(inventory: Inventory): { where: string; host: string }[] {
  const found: { where: string; host: string }[] = []
  for (const each of inventory.nodes) {
    found.push({ where: `${each.id}.host`, host: each.host })
    if (each.wol !== undefined) found.push({ where: `${each.id}.wol.broadcast`, host: each.wol.broadcast })
    if (each.metrics.startsWith('prometheus:')) {
      found.push({
        where: `${each.id}.metrics`,
        host: new URL(each.metrics.slice('prometheus:'.length)).hostname
      })
    }
    for (const service of each.services) {
      const where = `${each.id}.${service.id}`
      if ('url' in service) found.push({ where: `${where}.url`, host: new URL(service.url).hostname })
      if (service.kind === 'tcp' && service.host !== undefined) {
        found.push({ where: `${where}.host`, host: service.host })
      }
    }
  }
  return found
}

/** Every string value of the inventory except free-text descriptions. */
function strings(value: unknown, path = ''): { path: string; value: string }[] {
  if (typeof value === 'string') return [{ path, value }]
  if (Array.isArray(value)) return value.flatMap((item, index) => strings(item, `${path}.${index}`))
  if (value !== null && typeof value === 'object') {
    return Object.entries(value).flatMap(([key, item]) =>
      key === 'description' ? [] : strings(item, path === '' ? key : `${path}.${key}`)
    )
  }
  return []
}

const privateAddress = /\b(192\.168\.\d{1,3}\.\d{1,3}|10\.\d{1,3}\.\d{1,3}\.\d{1,3}|172\.(1[6-9]|2\d|3[01])\.\d{1,3}\.\d{1,3})\b/

describe('example inventories', () => {
  for (const [id, nodeIds] of Object.entries(expectedNodeIds)) {
    describe(`${id}.yaml`, () => {
      it('parses and holds exactly the expected nodes', () => {
        const inventory = load(id)
        expect(inventory.nodes.map((each) => each.id)).toEqual(nodeIds)
        expect(inventory.name.length).toBeGreaterThan(0)
        expect(inventory.description?.trim().length ?? 0).toBeGreaterThan(0)
      })

      it('gives every node a known role and a description', () => {
        for (const each of load(id).nodes) {
          expect(roles.has(each.role ?? ''), `${each.id} role ${each.role}`).toBe(true)
          expect(each.description?.trim().length ?? 0, `${each.id} description`).toBeGreaterThan(0)
        }
      })

      it('only ever points at loopback', () => {
        const inventory = load(id)
        const found = addresses(inventory)
        expect(found.length).toBeGreaterThan(inventory.nodes.length - 1)
        for (const { where, host } of found) {
          expect(isLoopback(host), `${where} = ${host}`).toBe(true)
        }
        for (const { path, value } of strings(inventory)) {
          expect(privateAddress.test(value), `${path} = ${value}`).toBe(false)
        }
      })

      it('uses a distinct loopback address per node', () => {
        const hosts = load(id).nodes.map((each) => each.host)
        expect(new Set(hosts).size).toBe(hosts.length)
      })

      it('has links between nodes of its own', () => {
        const inventory = load(id)
        const ids = new Set(inventory.nodes.map((each) => each.id))
        for (const link of inventory.links) {
          expect(ids.has(link.from) && ids.has(link.to)).toBe(true)
        }
      })
    })
  }

  it('dual-pi: Minecraft on 25565 with RCON, Ollama on the LLM node, direct gigabit link', () => {
    const inventory = load('dual-pi')
    const minecraft = node(inventory, 'pi-minecraft').services.find((s) => s.kind === 'minecraft')
    expect(minecraft).toMatchObject({
      kind: 'minecraft',
      port: 25565,
      rcon: { port: 25575, password: 'env:MC_RCON_PASSWORD' },
      log: '/opt/minecraft/logs/latest.log'
    })
    expect(minecraft?.kind === 'minecraft' && minecraft.backups?.startsWith('/mnt/usb/')).toBe(true)
    const ollama = node(inventory, 'pi-llm').services.find((s) => s.kind === 'ollama')
    expect(ollama?.kind === 'ollama' && new URL(ollama.url).port).toBe('11434')
    expect(node(inventory, 'pi-minecraft').services).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ kind: 'systemd', unit: 'cron.service' }),
        expect.objectContaining({ kind: 'tcp', port: 445 }),
        expect.objectContaining({ kind: 'tcp', port: 2049 })
      ])
    )
    expect(inventory.links).toEqual([{ from: 'pi-minecraft', to: 'pi-llm', label: 'direct gigabit' }])
  })

  it('otm-home: MongoDB and Kafka probed over TCP, portal and Mongo Express over HTTP', () => {
    const inventory = load('otm-home')
    const backend = node(inventory, 'backend').services
    const tcpPorts = backend.flatMap((s) => (s.kind === 'tcp' ? [s.port] : []))
    expect(tcpPorts).toEqual(expect.arrayContaining([27017, 9092]))
    expect(backend.some((s) => s.kind === 'ollama' && new URL(s.url).port === '11434')).toBe(true)
    const containers = backend.flatMap((s) => (s.kind === 'docker' ? [s.container] : []))
    expect(containers).toEqual(expect.arrayContaining(['otm-home-kafka', 'otm-home-mongo']))
    const raspiPorts = node(inventory, 'raspi').services.flatMap((s) =>
      s.kind === 'http' ? [new URL(s.url).port] : []
    )
    expect(raspiPorts).toEqual(expect.arrayContaining(['9000', '8082']))
    expect(inventory.links.map((link) => link.label)).toEqual(['MongoDB 27017', 'Kafka 9092'])
  })

  it('pi-ai-worker: the PC is an image-generation worker that can be woken', () => {
    const inventory = load('pi-ai-worker')
    const pc = node(inventory, 'pc')
    const worker = pc.services.find((s) => s.kind === 'imagegen' && s.api === 'worker')
    expect(worker?.kind === 'imagegen' && new URL(worker.url).port).toBe('8080')
    expect(pc.wol).toBeDefined()
    expect(pc.metrics).toBe('none')
    const pcPaths = pc.services.flatMap((s) => (s.kind === 'http' ? [new URL(s.url).pathname] : []))
    expect(pcPaths).toEqual(expect.arrayContaining(['/health', '/metrics']))
    const piPorts = node(inventory, 'pi').services.map((s) =>
      s.kind === 'tcp' ? s.port : 'url' in s ? Number(new URL(s.url).port) : 0
    )
    expect(piPorts).toEqual(expect.arrayContaining([3000, 3001, 5432, 6379, 3002, 9000, 9090]))
  })

  it('pi-cluster: two /health web servers, MariaDB on 3306, links as in the diagram', () => {
    const inventory = load('pi-cluster')
    const health = services(inventory).filter(
      (s) => s.kind === 'http' && new URL(s.url).pathname === '/health'
    )
    expect(health).toHaveLength(2)
    expect(node(inventory, 'pi-db').services).toEqual(
      expect.arrayContaining([expect.objectContaining({ kind: 'tcp', port: 3306 })])
    )
    expect(services(inventory).filter((s) => s.kind === 'systemd' && s.unit === 'pm2-mpi.service')).toHaveLength(2)
    expect(inventory.links.map((link) => [link.from, link.to])).toEqual([
      ['pi-lb', 'pi-web1'],
      ['pi-lb', 'pi-web2'],
      ['pi-web1', 'pi-db'],
      ['pi-web2', 'pi-db']
    ])
  })

  it('proxmox: AI containers inside Socrates, Rawls services as containers, MS-01 nodes disabled', () => {
    const inventory = load('proxmox')
    for (const id of ['ai-gpu0', 'ai-unified', 'ai-gpu1']) {
      expect(node(inventory, id).parent).toBe('socrates')
      expect(node(inventory, id).ssh?.jump).toBe('socrates')
    }
    for (const id of ['gitlab', 'dns', 'netbox']) {
      expect(node(inventory, id).parent).toBe('rawls')
      expect(node(inventory, id).ssh?.jump).toBe('rawls')
    }
    expect(services(inventory).filter((s) => s.kind === 'ollama').length).toBeGreaterThanOrEqual(2)
    for (const id of ['frege', 'russell', 'wittgenstein']) {
      expect(node(inventory, id).disabled).toBe(true)
    }
    const uiPorts = services(inventory).flatMap((s) =>
      s.kind === 'http' && new URL(s.url).protocol === 'https:' ? [new URL(s.url).port] : []
    )
    expect(uiPorts).toEqual(expect.arrayContaining(['8006', '8007']))
  })

  it('loadExamples lists the five examples with descriptions', async () => {
    const examples = await loadExamples(examplesDir)
    expect(examples.map((example) => example.summary.id)).toEqual([
      'dual-pi',
      'otm-home',
      'pi-ai-worker',
      'pi-cluster',
      'proxmox'
    ])
    for (const { summary } of examples) {
      expect(summary.description.trim().length, summary.id).toBeGreaterThan(0)
      expect(summary.nodeCount).toBe(expectedNodeIds[summary.id]?.length)
      expect(summary.serviceCount).toBeGreaterThan(0)
    }
  })
})
