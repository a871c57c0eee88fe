import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startDockerEngine, type DockerEngine } from '../../../../lab/docker-engine'
import type { Core } from '../../create-core'
import { startSshLab, type SshLab } from '../../../testing/ssh-lab'
import type { ProbeResult } from '../probe'
import { dockerProbe } from './docker-probe'
import type { NodeExec } from './node-command'
import { judgeDockerPs, parseDockerPsRows } from './parse-docker-ps'

const minute = 60_000
const hour = 60 * minute
let dir: string
let engine: DockerEngine
let ssh: SshLab
let core: Core

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'homelab-docker-probe-'))
  engine = await startDockerEngine({ socketPath: join(dir, 'docker.sock') })
  // Every lab session talks to the emulator, as sessions on a real node talk to its dockerd.
  ssh = await startSshLab({
    sshPort: 2282,
    exporterPort: 9182,
    healthPort: 8082,
    sessionEnv: { DOCKER_HOST: engine.host, DOCKER_CONFIG: join(dir, 'docker-config') }
  })
  core = (await ssh.startCore()).core
}, 60_000)

afterAll(async () => {
  await ssh?.stop()
  await engine?.close()
  if (dir) await rm(dir, { recursive: true, force: true })
})

const poolExec: NodeExec = (nodeId, command, options) => core.ssh.pool.exec(nodeId, command, options)

function probe(container: string, exec: NodeExec = poolExec) {
  return dockerProbe({ id: `lab-pi/${container}`, nodeId: 'lab-pi', container, intervalMs: 10_000, timeoutMs: 10_000, exec })
}

/** Runs the probe the way the scheduler does: aborted at its timeout. */
function runWithTimeout(subject: ReturnType<typeof probe>): Promise<ProbeResult> {
  const controller = new AbortController()
  const timer = setTimeout(() => controller.abort(), subject.timeoutMs)
  return subject.run(controller.signal).finally(() => clearTimeout(timer))
}

describe('the docker probe, running the real docker CLI on a lab node over SSH', () => {
  it('finds a running, healthy container up, with its image and status', async () => {
    engine.setContainers([
      { name: 'web', image: 'nginx:1.27', state: 'running', health: 'healthy', startedAt: new Date(Date.now() - 2 * hour) },
      { name: 'db', image: 'postgres:16', state: 'running' }
    ])
    const result = await runWithTimeout(probe('web'))
    expect(result).toMatchObject({
      status: 'up',
      facts: [
        { label: 'image', value: 'nginx:1.27' },
        { label: 'status', value: 'Up 2 hours (healthy)' }
      ]
    })
    expect(result.latencyMs).toBeGreaterThan(0)
    expect(await runWithTimeout(probe('db'))).toMatchObject({ status: 'up' })
    // The node's CLI reached the emulator and, told --size=false, spared the daemon the sizes.
    expect(engine.requests()).toContain('GET /v1.50/containers/json?all=1')
    expect(engine.requests().filter((request) => request.includes('size=1'))).toEqual([])
  })

  it('calls a running container whose health check fails degraded', async () => {
    engine.setContainers([{ name: 'web', image: 'nginx:1.27', state: 'running', health: 'unhealthy' }])
    expect(await runWithTimeout(probe('web'))).toMatchObject({ status: 'degraded', reason: 'running but unhealthy' })
  })

  it('calls an exited container down, with the exit code and when', async () => {
    engine.setContainers([{ name: 'web', image: 'nginx:1.27', state: 'exited', exitCode: 1, finishedAt: new Date(Date.now() - 3 * minute) }])
    expect(await runWithTimeout(probe('web'))).toMatchObject({ status: 'down', reason: 'exited (1) 3 minutes ago' })
  })

  it('says so when no container has that name', async () => {
    engine.setContainers([{ name: 'web-2', image: 'nginx:1.27', state: 'running' }])
    expect(await runWithTimeout(probe('web'))).toEqual({ status: 'down', reason: 'no container named web', latencyMs: expect.any(Number) })
  })

  it('says docker is not installed when the node’s shell cannot find it (PATH emptied by the test)', async () => {
    const withoutDocker: NodeExec = (nodeId, command, options) => poolExec(nodeId, `PATH=/nonexistent; ${command}`, options)
    expect(await runWithTimeout(probe('web', withoutDocker))).toMatchObject({ status: 'down', reason: 'docker is not installed on the node' })
  })

  it('stops at once when the scheduler aborts it', async () => {
    const controller = new AbortController()
    const run = probe('web').run(controller.signal)
    controller.abort()
    expect(await run).toEqual({ status: 'down', reason: 'timeout' })
  })

  it('says the daemon is not running once the engine is stopped and its socket gone', async () => {
    await engine.close()
    expect(await runWithTimeout(probe('web'))).toMatchObject({ status: 'down', reason: `the Docker daemon is not running: nothing answers at ${engine.host}` })
  })
})

/** Lines as Docker 28.2's CLI prints them for `docker ps --all --no-trunc --format '{{json .}}'`. */
const dockerPsOutput = [
  '{"Command":"\\"/docker-entrypoint.sh nginx -g \'daemon off;\'\\"","CreatedAt":"2025-06-02 09:14:07 +0200 CEST","ID":"3f4e8a1c9b2d","Image":"nginx:1.27","Labels":"com.docker.compose.project=web,maintainer=NGINX Docker Maintainers \\u003cdocker-maint@nginx.com\\u003e","LocalVolumes":"0","Mounts":"","Names":"web,blog/frontend","Networks":"web_default","Platform":null,"Ports":"0.0.0.0:8080-\\u003e80/tcp","RunningFor":"2 hours ago","Size":"0B","State":"running","Status":"Up 2 hours (healthy)"}',
  '{"Command":"\\"docker-entrypoint.sh postgres\\"","CreatedAt":"2025-06-01 21:40:55 +0200 CEST","ID":"9c0d1e2f3a4b","Image":"postgres:16","Labels":"","LocalVolumes":"1","Mounts":"pgdata","Names":"db","Networks":"bridge","Platform":null,"Ports":"","RunningFor":"14 hours ago","Size":"0B","State":"restarting","Status":"Restarting (1) 12 seconds ago"}',
  '{"Command":"\\"/bin/sh\\"","CreatedAt":"2025-06-02 11:00:00 +0200 CEST","ID":"5a6b7c8d9e0f","Image":"alpine:3.20","Labels":"","LocalVolumes":"0","Mounts":"","Names":"job","Networks":"bridge","Platform":null,"Ports":"","RunningFor":"3 minutes ago","Size":"0B","State":"created","Status":"Created"}',
  '{"Command":"\\"/bin/sh\\"","CreatedAt":"2025-06-02 11:00:00 +0200 CEST","ID":"1a2b3c4d5e6f","Image":"alpine:3.20","Labels":"","LocalVolumes":"0","Mounts":"","Names":"frozen","Networks":"bridge","Platform":null,"Ports":"","RunningFor":"3 hours ago","Size":"0B","State":"paused","Status":"Up 3 hours (Paused)"}',
  ''
].join('\n')

const ok = (stdout: string) => ({ code: 0, stdout, stderr: '' })

describe('reading docker ps output', () => {
  it('finds a container by any of its names, including link aliases', () => {
    expect(parseDockerPsRows(dockerPsOutput).map((row) => row.names)).toEqual([['web', 'blog/frontend'], ['db'], ['job'], ['frozen']])
    expect(judgeDockerPs('/web', ok(dockerPsOutput))).toMatchObject({ status: 'up' })
  })

  it.each([
    ['db', 'degraded', 'restarting (1) 12 seconds ago'],
    ['job', 'down', 'created but never started'],
    ['frozen', 'down', 'paused']
  ])('judges %s %s: %s', (name, status, reason) => {
    expect(judgeDockerPs(name, ok(dockerPsOutput))).toMatchObject({ status, reason })
  })

  it('reads the state from the status text when an old CLI prints no State', () => {
    const old = '{"ID":"3f4e8a1c9b2d","Image":"nginx","Names":"web","Status":"Exited (137) 2 days ago"}\n'
    expect(judgeDockerPs('web', ok(old))).toMatchObject({ status: 'down', reason: 'exited (137) 2 days ago' })
  })

  it('gives a reason, not a crash, for garbage and daemon errors', () => {
    expect(judgeDockerPs('web', ok('<html>not docker</html>\n'))).toEqual({ status: 'down', reason: 'docker ps gave output that is not container JSON' })
    expect(judgeDockerPs('web', ok('{"Names": 42}\n{broken\n'))).toMatchObject({ status: 'down' })
    const denied =
      'permission denied while trying to connect to the Docker daemon socket at unix:///var/run/docker.sock: Get "http://%2Fvar%2Frun%2Fdocker.sock/v1.50/containers/json?all=1": dial unix /var/run/docker.sock: connect: permission denied\n'
    expect(judgeDockerPs('web', { code: 1, stdout: '', stderr: denied }).reason).toBe(
      'the SSH user may not use Docker: permission denied on the Docker socket (add the user to the "docker" group)'
    )
    const docker29 = 'failed to connect to the docker API at unix:///var/run/docker.sock; check if the path is correct and if the daemon is running: dial unix /var/run/docker.sock: connect: no such file or directory\n'
    expect(judgeDockerPs('web', { code: 1, stdout: '', stderr: docker29 }).reason).toBe('the Docker daemon is not running: nothing answers at unix:///var/run/docker.sock')
    expect(judgeDockerPs('web', { code: 2, stdout: '', stderr: 'unknown flag: --size\n' }).reason).toBe('docker ps failed: unknown flag: --size')
  })
})
