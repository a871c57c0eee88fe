import { execFile } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { request } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { RCON } from 'minecraft-server-util'
import { humanDuration, startDockerEngine, type DockerEngine } from './docker-engine'
import { canConnect } from './net'
import { startRconEmulator, type RconEmulator } from './rcon'

const minute = 60_000
const hour = 60 * minute
let dir: string
let engine: DockerEngine

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'homelab-docker-'))
  engine = await startDockerEngine({ socketPath: join(dir, 'docker.sock') })
})

afterAll(async () => {
  await engine?.close()
  if (dir) await rm(dir, { recursive: true, force: true })
})

/** The real docker CLI of this machine, pointed at the emulator, with a config dir of its own. */
function docker(args: readonly string[], host = engine.host): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile('docker', args, { env: { PATH: process.env.PATH, DOCKER_HOST: host, DOCKER_CONFIG: join(dir, 'config') }, timeout: 10_000 }, (error, stdout, stderr) =>
      resolve({ code: typeof error?.code === 'number' ? error.code : error ? -1 : 0, stdout, stderr })
    )
  })
}

function getRaw(path: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    request({ socketPath: engine.socketPath, path }, (response) => {
      let body = ''
      response.setEncoding('utf8')
      response.on('data', (chunk: string) => (body += chunk))
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body }))
    })
      .on('error', reject)
      .end()
  })
}

describe('the Docker Engine emulator, read by the real docker CLI', () => {
  it('lists every container with the status texts a real engine computes', async () => {
    const now = Date.now()
    engine.setContainers([
      { name: 'web', image: 'nginx:1.27', state: 'running', health: 'healthy', startedAt: new Date(now - 2 * hour) },
      { name: 'db', image: 'postgres:16', state: 'running', startedAt: new Date(now - 30 * minute) },
      { name: 'job', image: 'alpine:3.20', state: 'exited', exitCode: 1, finishedAt: new Date(now - 3 * minute) },
      { name: 'fresh', image: 'redis:7', state: 'created' }
    ])
    const listed = await docker(['ps', '--all', '--no-trunc', '--format', '{{json .}}'])
    expect(listed).toMatchObject({ code: 0, stderr: '' })
    const rows = listed.stdout.trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>)
    expect(rows.map((row) => [row.Names, row.Image, row.State, row.Status])).toEqual(
      expect.arrayContaining([
        ['web', 'nginx:1.27', 'running', 'Up 2 hours (healthy)'],
        ['db', 'postgres:16', 'running', 'Up 30 minutes'],
        ['job', 'alpine:3.20', 'exited', 'Exited (1) 3 minutes ago'],
        ['fresh', 'redis:7', 'created', 'Created']
      ])
    )
    expect(rows).toHaveLength(4)
    expect(rows[0]?.ID).toMatch(/^[0-9a-f]{64}$/)
  })

  it('answers the requests the CLI makes: a HEAD ping, then the versioned list (with sizes for {{json .}})', async () => {
    const before = engine.requests().length
    await docker(['ps', '--all', '--no-trunc', '--format', '{{json .}}'])
    await docker(['ps', '--all', '--no-trunc', '--size=false', '--format', '{{json .}}'])
    expect(engine.requests().slice(before)).toEqual([
      'HEAD /_ping',
      'GET /v1.50/containers/json?all=1&size=1',
      'HEAD /_ping',
      'GET /v1.50/containers/json?all=1'
    ])
  })

  it('lists only running, paused and restarting containers without --all', async () => {
    const now = Date.now()
    engine.setContainers([
      { name: 'up', image: 'a', state: 'running' },
      { name: 'paused', image: 'a', state: 'paused' },
      { name: 'looping', image: 'a', state: 'restarting', exitCode: 2, finishedAt: new Date(now - 10 * minute) },
      { name: 'stopped', image: 'a', state: 'exited' }
    ])
    const listed = await docker(['ps', '--format', '{{.Names}} {{.State}} {{.Status}}'])
    expect(listed.stdout.trim().split('\n').sort()).toEqual(['looping restarting Restarting (2) 10 minutes ago', 'paused paused Up 2 hours (Paused)', 'up running Up 2 hours'])
  })

  it('reports its version to `docker version`', async () => {
    expect(await docker(['version', '--format', '{{.Server.Version}} {{.Server.APIVersion}} {{.Server.Os}}'])).toMatchObject({ code: 0, stdout: '28.2.2 1.50 linux\n' })
  })

  it('refuses unknown routes and API versions it does not speak, with the engine’s JSON errors', async () => {
    expect(await getRaw('/v1.50/images/json')).toEqual({ status: 404, body: '{"message":"page not found"}\n' })
    expect(await getRaw('/v1.99/containers/json')).toEqual({ status: 400, body: '{"message":"client version 1.99 is too new. Maximum supported API version is 1.50"}\n' })
    expect((await getRaw('/v1.50/containers/json?filters=%7B%22name%22%3A%5B%22web%22%5D%7D')).status).toBe(400)
  })

  it('is gone once closed: the socket is removed and the CLI cannot connect', async () => {
    const other = await startDockerEngine({ socketPath: join(dir, 'other.sock') })
    await other.close()
    expect(existsSync(other.socketPath)).toBe(false)
    const listed = await docker(['ps', '--all'], other.host)
    expect(listed.code).toBe(1)
    expect(listed.stderr).toContain(`Cannot connect to the Docker daemon at ${other.host}. Is the docker daemon running?`)
  })

  it('stops, starts and restarts a container as the CLI asks, running its hooks first', async () => {
    const calls: string[] = []
    const hooked = await startDockerEngine({
      socketPath: join(dir, 'hooked.sock'),
      containers: [
        { name: 'game', image: 'itzg/minecraft-server:java21', state: 'running', startedAt: new Date(Date.now() - 2 * hour) },
        { name: 'plain', image: 'alpine:3.20', state: 'exited', exitCode: 1 }
      ],
      hooks: { game: { start: async () => void calls.push('start'), stop: async () => void calls.push('stop') } }
    })
    try {
      const status = async () => (await docker(['ps', '--all', '--format', '{{.Names}} {{.Status}}'], hooked.host)).stdout.trim().split('\n').sort()
      expect(await docker(['stop', 'game'], hooked.host)).toEqual({ code: 0, stdout: 'game\n', stderr: '' })
      expect(await status()).toEqual(['game Exited (0) Less than a second ago', 'plain Exited (1) 3 minutes ago'])
      // Already stopped: the engine answers 304 and the CLI still prints the name.
      expect(await docker(['stop', 'game'], hooked.host)).toEqual({ code: 0, stdout: 'game\n', stderr: '' })
      expect(await docker(['start', 'game', 'plain'], hooked.host)).toEqual({ code: 0, stdout: 'game\nplain\n', stderr: '' })
      expect(await status()).toEqual(['game Up Less than a second', 'plain Up Less than a second'])
      expect(await docker(['restart', 'game'], hooked.host)).toMatchObject({ code: 0, stdout: 'game\n' })
      expect(calls).toEqual(['stop', 'start', 'stop', 'start'])
      expect(hooked.requests().filter((line) => line.startsWith('POST'))).toEqual([
        'POST /v1.50/containers/game/stop',
        'POST /v1.50/containers/game/stop',
        'POST /v1.50/containers/game/start',
        'POST /v1.50/containers/plain/start',
        'POST /v1.50/containers/game/restart'
      ])
      const missing = await docker(['stop', 'nope'], hooked.host)
      expect(missing).toMatchObject({ code: 1, stderr: 'Error response from daemon: No such container: nope\n' })
    } finally {
      await hooked.close()
    }
  })

  it('reports a failing hook as the engine’s error and leaves the state alone', async () => {
    const failing = await startDockerEngine({
      socketPath: join(dir, 'failing.sock'),
      containers: [{ name: 'game', image: 'itzg/minecraft-server:java21', state: 'exited' }],
      hooks: { game: { start: () => Promise.reject(new Error('port 25565 is already in use')), stop: async () => undefined } }
    })
    try {
      const started = await docker(['start', 'game'], failing.host)
      expect(started.code).toBe(1)
      expect(started.stderr).toContain('Error response from daemon: port 25565 is already in use')
      expect(failing.containers()).toMatchObject([{ name: 'game', state: 'exited' }])
    } finally {
      await failing.close()
    }
  })

  it('`docker stop minecraft` closes the RCON server its hooks stand for; `docker start` opens it again', async () => {
    const at = { address: '127.0.1.77', port: 25611, password: 'hooked-secret' }
    let rcon: RconEmulator | undefined = await startRconEmulator(at)
    const game = await startDockerEngine({
      socketPath: join(dir, 'game.sock'),
      containers: [{ name: 'minecraft', image: 'itzg/minecraft-server:java21', state: 'running' }],
      hooks: {
        minecraft: {
          start: async () => {
            rcon = await startRconEmulator(at)
          },
          stop: async () => {
            await rcon?.close()
            rcon = undefined
          }
        }
      }
    })
    try {
      expect(await docker(['stop', 'minecraft'], game.host)).toMatchObject({ code: 0, stdout: 'minecraft\n' })
      expect(await canConnect(at.address, at.port)).toBe(false)
      expect(await docker(['start', 'minecraft'], game.host)).toMatchObject({ code: 0, stdout: 'minecraft\n' })
      const client = new RCON()
      try {
        await client.connect(at.address, at.port, { timeout: 5000 })
        await client.login(at.password, { timeout: 5000 })
        expect(await client.execute('list')).toBe('There are 0 of a max of 20 players online: ')
      } finally {
        client.close()
      }
    } finally {
      await game.close()
      await rcon?.close()
    }
  })

  it('shows a container whose process ended by itself as exited, with its exit code', async () => {
    let exit: ((exitCode: number) => void) | undefined
    const engine = await startDockerEngine({
      socketPath: join(dir, 'exits.sock'),
      containers: [{ name: 'minecraft', image: 'itzg/minecraft-server:java21', state: 'running' }],
      hooks: { minecraft: { start: async () => undefined, stop: async () => undefined, onExit: (exited) => (exit = exited) } }
    })
    try {
      exit?.(0)
      expect(engine.containers()).toMatchObject([{ name: 'minecraft', state: 'exited', exitCode: 0 }])
      expect((await docker(['ps'], engine.host)).stdout).not.toContain('minecraft')
    } finally {
      await engine.close()
    }
  })

  it('words durations like go-units', () => {
    expect([500, 1000, 59_000, 60_000, 30 * minute, 65 * minute, 5 * hour, 3 * 24 * hour, 20 * 24 * hour, 90 * 24 * hour, 800 * 24 * hour].map(humanDuration)).toEqual([
      'Less than a second',
      '1 second',
      '59 seconds',
      'About a minute',
      '30 minutes',
      'About an hour',
      '5 hours',
      '3 days',
      '2 weeks',
      '3 months',
      '2 years'
    ])
  })
})
