import { execFile } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { request } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { humanDuration, startDockerEngine, type DockerEngine } from './docker-engine'

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
