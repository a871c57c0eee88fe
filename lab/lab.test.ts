import { existsSync } from 'node:fs'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { RCON, status as minecraftStatus } from 'minecraft-server-util'
import { Client, utils, type ClientChannel, type ConnectConfig } from 'ssh2'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parse } from 'yaml'
import { Inventory } from '../src-shared/inventory'
import type { LabExtras } from './extras'
import { startLab, type Lab, type LabNode } from './lab'
import { canConnect, waitUntil } from './net'
import { redisPing } from './redis'

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

// A lab of its own, on ports of its own, so it can run beside the one above.
const extrasLabPorts = { sshPort: 2291, exporterPort: 9191, healthPort: 8093 }
const extras: LabExtras = {
  redisPort: 6391,
  nginxPort: 8491,
  prometheusPort: 9291,
  minecraftPort: 25591,
  rconPort: 25592,
  ollamaPort: 11491,
  workerOllamaPort: 11492,
  workerPort: 8091,
  a1111Port: 7891,
  comfyuiPort: 8191,
  flakyPort: 8492
}

describe('simulated lab with its extras', () => {
  it('runs every extra where the inventory says, and frees every port on stop', async () => {
    const extrasDir = await mkdtemp(join(tmpdir(), 'homelab-lab-extras-'))
    try {
      const extrasLab = await startLab({ dataDir: join(extrasDir, 'lab'), ...extrasLabPorts, extras })
      const socketPath = extrasLab.extras?.docker.socketPath
      try {
        await checkExtras(extrasLab)
      } finally {
        await extrasLab.stop()
      }
      for (const n of extrasLab.nodes) expect(await canConnect(n.address, n.sshPort)).toBe(false)
      const ports: [string, number][] = [
        ['127.0.1.10', extras.redisPort],
        ['127.0.1.10', extras.nginxPort],
        ['127.0.1.10', extras.prometheusPort],
        ['127.0.1.11', extras.minecraftPort],
        ['127.0.1.11', extras.rconPort],
        ['127.0.1.11', extras.ollamaPort],
        ['127.0.1.11', extrasLabPorts.exporterPort],
        ['127.0.1.12', extras.workerOllamaPort],
        ['127.0.1.12', extras.workerPort],
        ['127.0.1.12', extras.a1111Port],
        ['127.0.1.12', extras.comfyuiPort],
        ['127.0.1.12', extras.flakyPort],
        ['127.0.1.12', extrasLabPorts.healthPort]
      ]
      for (const [address, port] of ports) expect(await canConnect(address, port), `${address}:${port}`).toBe(false)
      expect(socketPath && existsSync(socketPath)).toBe(false)
    } finally {
      await rm(extrasDir, { recursive: true, force: true })
    }
  }, 90_000)
})

async function checkExtras(extrasLab: Lab): Promise<void> {
  const running = extrasLab.extras
  if (!running) throw new Error('the lab did not report its extras')
  const inventory = Inventory.parse(parse(await readFile(extrasLab.inventoryPath, 'utf8')))
  const byId = new Map(inventory.nodes.map((n) => [n.id, n]))
  expect(byId.get('lab-gateway')?.services).toEqual([
    expect.objectContaining({ id: 'ssh', kind: 'tcp', port: extrasLabPorts.sshPort }),
    { id: 'redis', name: 'Redis', kind: 'tcp', port: extras.redisPort },
    { id: 'nginx', name: 'nginx', kind: 'http', url: 'http://127.0.1.10:8491/health', expect: { status: 200, keyword: 'fine' } }
  ])
  expect(byId.get('lab-pi')?.metrics).toBe('prometheus:http://127.0.1.10:9291')
  const serverDir = join(extrasLab.dataDir, 'lab-pi', 'minecraft')
  expect(byId.get('lab-pi')?.services).toEqual([
    expect.objectContaining({ id: 'ssh' }),
    {
      id: 'minecraft',
      name: 'Minecraft',
      kind: 'minecraft',
      port: extras.minecraftPort,
      rcon: { port: extras.rconPort, password: 'env:LAB_RCON_PASSWORD' },
      log: join(serverDir, 'logs', 'latest.log'),
      world: join(serverDir, 'world'),
      backups: join(serverDir, 'backups'),
      container: 'minecraft'
    },
    { id: 'ollama', name: 'Ollama', kind: 'ollama', url: 'http://127.0.1.11:11491' }
  ])
  expect(byId.get('lab-worker')?.services).toEqual([
    expect.objectContaining({ id: 'ssh' }),
    expect.objectContaining({ id: 'health' }),
    { id: 'imagegen', name: 'Image worker', kind: 'imagegen', api: 'worker', url: 'http://127.0.1.12:8091' },
    { id: 'a1111', name: 'Stable Diffusion (A1111)', kind: 'imagegen', api: 'a1111', url: 'http://127.0.1.12:7891' },
    { id: 'comfyui', name: 'ComfyUI', kind: 'imagegen', api: 'comfyui', url: 'http://127.0.1.12:8191' },
    { id: 'ollama', name: 'Ollama', kind: 'ollama', url: 'http://127.0.1.12:11492' },
    { id: 'flaky-api', name: 'Flaky API', kind: 'http', url: 'http://127.0.1.12:8492/health', expect: { status: 200 } }
  ])
  expect(byId.get('lab-box')?.services).toEqual([
    expect.objectContaining({ id: 'ssh' }),
    { id: 'docker-web', name: 'web container', kind: 'docker', container: 'web' }
  ])

  expect(await redisPing('127.0.1.10', extras.redisPort)).toBe(true)
  const nginx = await fetch('http://127.0.1.10:8491/health', { signal: AbortSignal.timeout(5000) })
  expect(nginx.status).toBe(200)
  expect(await nginx.text()).toContain('fine')

  expect((await fetch('http://127.0.1.10:9291/-/ready', { signal: AbortSignal.timeout(5000) })).status).toBe(200)
  // The console asks Prometheus for lab-pi, so Prometheus must be scraping lab-pi's exporter.
  const up = new URL('http://127.0.1.10:9291/api/v1/query')
  up.searchParams.set('query', `up{instance="127.0.1.11:${extrasLabPorts.exporterPort}"}`)
  await waitUntil(
    'Prometheus has scraped lab-pi',
    async () => {
      const reply = (await (await fetch(up, { signal: AbortSignal.timeout(5000) })).json()) as { data?: { result?: { value?: [number, string] }[] } }
      return reply.data?.result?.[0]?.value?.[1] === '1'
    },
    { timeoutMs: 30_000 }
  )

  const minecraft = await minecraftStatus('127.0.1.11', extras.minecraftPort, { timeout: 5000, enableSRV: false })
  expect(minecraft).toMatchObject({ version: { name: '1.21.1' }, players: { online: 0, max: 20 } })
  expect(minecraft.motd.clean).toContain('Lab Paper')
  expect(await rconList(running.minecraft.rconPassword)).toMatch(/^There are \d of a max of 20 players online: /)
  expect(await readFile(join(serverDir, 'logs', 'latest.log'), 'utf8')).toContain('RCON running on 127.0.1.11:25592')

  const getJson = async (url: string) => {
    const response = await fetch(url, { signal: AbortSignal.timeout(5000) })
    return { status: response.status, body: (await response.json()) as unknown }
  }
  expect(await getJson('http://127.0.1.11:11491/api/version')).toMatchObject({ status: 200, body: { version: expect.any(String) } })
  // Two Ollama: tiny models on the Pi's CPU, bigger ones on the GPU PC's card.
  expect(await getJson('http://127.0.1.11:11491/api/tags')).toMatchObject({ body: { models: [{ name: 'qwen2.5:0.5b' }, { name: 'tinyllama:1.1b' }] } })
  expect(await getJson('http://127.0.1.11:11491/api/ps')).toMatchObject({ body: { models: [{ name: 'qwen2.5:0.5b', size_vram: 0 }] } })
  expect(await getJson('http://127.0.1.12:11492/api/version')).toMatchObject({ status: 200, body: { version: expect.any(String) } })
  expect(await getJson('http://127.0.1.12:11492/api/tags')).toMatchObject({
    body: { models: [{ name: 'llama3.1:8b' }, { name: 'qwen2.5-coder:7b' }, { name: 'llama3.2:3b' }] }
  })
  const gpu = (await getJson('http://127.0.1.12:11492/api/ps')) as { body: { models: { name: string; size: number; size_vram: number }[] } }
  expect(gpu.body.models).toMatchObject([{ name: 'llama3.1:8b' }])
  expect(gpu.body.models[0]?.size_vram).toBe(gpu.body.models[0]?.size)
  expect(await getJson('http://127.0.1.12:8091/health')).toMatchObject({ status: 200, body: { status: 'healthy' } })
  expect(await getJson('http://127.0.1.12:7891/sdapi/v1/sd-models')).toMatchObject({ status: 200, body: expect.arrayContaining([expect.objectContaining({ model_name: 'v1-5-pruned-emaonly' })]) })
  expect(await getJson('http://127.0.1.12:8191/queue')).toEqual({ status: 200, body: { queue_running: [], queue_pending: [] } })

  expect((await fetch('http://127.0.1.12:8492/health', { signal: AbortSignal.timeout(5000) })).status).toBe(503)
  running.flaky.fault = 'none'
  expect((await fetch('http://127.0.1.12:8492/health', { signal: AbortSignal.timeout(5000) })).status).toBe(200)

  // `docker` in a session on lab-box reaches the lab's engine through the DOCKER_HOST sshd sets.
  const box = extrasLab.nodes.find((n) => n.id === 'lab-box')
  if (!box) throw new Error('no lab-box')
  const client = await connect(box, { privateKey: await readFile(extrasLab.keyPath), hostVerifier: () => true })
  try {
    expect(await run(client, 'echo "$DOCKER_HOST"')).toBe(`${running.docker.host}\n`)
    const listed = (await run(client, "docker ps --format '{{.Names}} {{.Status}}'")).trim().split('\n').sort()
    expect(listed).toEqual([expect.stringMatching(/^minecraft Up /), 'web Up 26 hours (healthy)'])
  } finally {
    client.end()
  }

  // On lab-pi, `docker stop minecraft` stops the server: RCON refuses until `docker start minecraft`.
  const pi = extrasLab.nodes.find((n) => n.id === 'lab-pi')
  if (!pi) throw new Error('no lab-pi')
  const piClient = await connect(pi, { privateKey: await readFile(extrasLab.keyPath), hostVerifier: () => true })
  try {
    expect(await run(piClient, 'docker stop minecraft')).toBe('minecraft\n')
    expect(await canConnect('127.0.1.11', extras.rconPort)).toBe(false)
    expect(await readFile(join(serverDir, 'logs', 'latest.log'), 'utf8')).toMatch(/Stopping server\n[^]*Closing Server\n$/)
    expect(await run(piClient, 'docker start minecraft')).toBe('minecraft\n')
    expect(await rconList(running.minecraft.rconPassword)).toMatch(/^There are \d of a max of 20 players online: /)
  } finally {
    piClient.end()
  }
}

/** `list` over RCON on lab-pi, with the minecraft-server-util client. */
async function rconList(password: string): Promise<string> {
  const client = new RCON()
  try {
    await client.connect('127.0.1.11', extras.rconPort, { timeout: 5000 })
    await client.login(password, { timeout: 5000 })
    return await client.execute('list')
  } finally {
    client.close()
  }
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch {
    return false
  }
}
