import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Client, utils, type ClientChannel, type ConnectConfig } from 'ssh2'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parse } from 'yaml'
import { Inventory } from '../src-shared/inventory'
import { startLab, type Lab, type LabNode } from './lab'
import { canConnect } from './net'

// Ports other than the defaults, so the suite can run next to a developer's `npm run lab`.
const ports = { sshPort: 2299, exporterPort: 9199, healthPort: 8099 }

let lab: Lab
let dataDir: string
let privateKey: Buffer
/** Host key blobs from the lab's known_hosts, by "[address]:port". */
let knownHosts: Map<string, Buffer>

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'homelab-lab-'))
  lab = await startLab({ dataDir, ...ports })
  privateKey = await readFile(lab.keyPath)
  knownHosts = new Map(
    (await readFile(lab.knownHostsPath, 'utf8'))
      .trim()
      .split('\n')
      .map((line) => {
        const [host = '', , blob = ''] = line.split(' ')
        return [host, Buffer.from(blob, 'base64')] as const
      })
  )
}, 60_000)

afterAll(async () => {
  await lab?.stop()
  if (dataDir) await rm(dataDir, { recursive: true, force: true })
}, 60_000)

/**
 * Connects with the lab user's key, checking the host key against the lab's known_hosts:
 * the verifier returning false fails the connection, so every login also proves the match.
 */
function connect(node: LabNode, extra: Partial<ConnectConfig> = {}): Promise<Client> {
  const expected = knownHosts.get(`[${node.address}]:${node.sshPort}`)
  return new Promise((resolve, reject) => {
    const client = new Client()
    client.once('ready', () => resolve(client))
    client.once('error', reject)
    client.connect({
      host: node.address,
      port: node.sshPort,
      username: lab.user,
      privateKey,
      readyTimeout: 5000,
      hostVerifier: (key: Buffer) => expected !== undefined && key.equals(expected),
      ...extra
    })
  })
}

function run(client: Client, command: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`"${command}" timed out`)), 5000)
    client.exec(command, (error, stream: ClientChannel) => {
      if (error) return reject(error)
      let stdout = ''
      stream.on('data', (chunk: Buffer) => (stdout += chunk.toString()))
      stream.stderr.resume()
      stream.once('close', () => {
        clearTimeout(timer)
        resolve(stdout)
      })
    })
  })
}

function node(id: string): LabNode {
  const found = lab.nodes.find((candidate) => candidate.id === id)
  if (!found) throw new Error(`no node ${id}`)
  return found
}

describe('simulated lab', () => {
  it('has one loopback address per node and a known host key for each', () => {
    expect(lab.nodes.map((n) => n.id)).toEqual(['lab-gateway', 'lab-pi', 'lab-worker', 'lab-box'])
    expect(new Set(lab.nodes.map((n) => n.address)).size).toBe(lab.nodes.length)
    for (const n of lab.nodes) {
      expect(n.address).toMatch(/^127\.0\.1\.\d+$/)
      expect(knownHosts.get(`[${n.address}]:${ports.sshPort}`)?.length).toBeGreaterThan(0)
    }
  })

  it.each(['lab-gateway', 'lab-pi', 'lab-worker', 'lab-box'])('logs in to %s over SSH', async (id) => {
    const client = await connect(node(id))
    try {
      const stdout = await run(client, 'echo lab-ok $LAB_NODE && hostname')
      expect(stdout).toContain(`lab-ok ${id}`)
    } finally {
      client.end()
    }
  })

  it('fails host verification when the key is not the one in known_hosts', async () => {
    const gatewayKey = knownHosts.get(`[${node('lab-gateway').address}]:${ports.sshPort}`)
    // lab-pi presents its own host key, which must not pass for the gateway's.
    const verifier = (key: Buffer): boolean => gatewayKey?.equals(key) === true
    await expect(connect(node('lab-pi'), { hostVerifier: verifier })).rejects.toThrow(/verification failed/i)
  })

  it('refuses a key that is not the lab key', async () => {
    const wrongKey = utils.generateKeyPairSync('ed25519').private
    await expect(connect(node('lab-gateway'), { privateKey: wrongKey })).rejects.toMatchObject({
      level: 'client-authentication'
    })
  })

  it('reaches lab-box by jumping through lab-gateway', async () => {
    const gateway = await connect(node('lab-gateway'))
    try {
      const box = node('lab-box')
      const tunnel = await new Promise<ClientChannel>((resolve, reject) =>
        gateway.forwardOut('127.0.0.1', 0, box.address, box.sshPort, (error, stream) =>
          error ? reject(error) : resolve(stream)
        )
      )
      const client = await connect(box, { sock: tunnel })
      try {
        expect(await run(client, 'echo lab-ok $LAB_NODE')).toContain('lab-ok lab-box')
      } finally {
        client.end()
      }
    } finally {
      gateway.end()
    }
  })

  it('serves node_exporter metrics on lab-pi', async () => {
    expect(lab.metricsUrl).toBe(`http://127.0.1.11:${ports.exporterPort}/metrics`)
    const response = await fetch(lab.metricsUrl, { signal: AbortSignal.timeout(5000) })
    expect(response.status).toBe(200)
    expect(await response.text()).toContain('node_cpu_seconds_total')
  })

  it('serves /health on lab-worker, and 404 elsewhere', async () => {
    const response = await fetch(lab.healthUrl, { signal: AbortSignal.timeout(5000) })
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toContain('application/json')
    expect(await response.json()).toEqual({ status: 'ok' })
    const missing = await fetch(new URL('/nope', lab.healthUrl), { signal: AbortSignal.timeout(5000) })
    expect(missing.status).toBe(404)
  })

  it('writes an inventory the console accepts, pointing at the running services', async () => {
    const inventory = Inventory.parse(parse(await readFile(lab.inventoryPath, 'utf8')))
    expect(inventory.name).toBe('Simulated lab')
    const byId = new Map(inventory.nodes.map((n) => [n.id, n]))
    for (const n of lab.nodes) {
      expect(byId.get(n.id)).toMatchObject({
        host: n.address,
        ssh: { user: lab.user, port: n.sshPort, key: lab.keyPath },
        services: expect.arrayContaining([expect.objectContaining({ id: 'ssh', kind: 'tcp', port: n.sshPort })])
      })
    }
    expect(byId.get('lab-pi')?.metrics).toBe(`prometheus:${lab.metricsUrl}`)
    expect(byId.get('lab-worker')?.services).toContainEqual(
      expect.objectContaining({ id: 'health', kind: 'http', url: lab.healthUrl, expect: { status: 200 } })
    )
    expect(byId.get('lab-box')).toMatchObject({ parent: 'lab-gateway', ssh: { jump: 'lab-gateway' } })
  })

  it('stops every process and closes every port', async () => {
    const pids = await Promise.all(
      lab.nodes.map(async (n) => Number(await readFile(join(dataDir, n.id, 'sshd.pid'), 'utf8')))
    )
    for (const pid of pids) expect(isRunning(pid)).toBe(true)

    await lab.stop()

    for (const pid of pids) expect(isRunning(pid)).toBe(false)
    for (const n of lab.nodes) expect(await canConnect(n.address, n.sshPort)).toBe(false)
    expect(await canConnect('127.0.1.11', ports.exporterPort)).toBe(false)
    expect(await canConnect('127.0.1.12', ports.healthPort)).toBe(false)
  })
})

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch {
    return false
  }
}
