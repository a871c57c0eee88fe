import { createHash } from 'node:crypto'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import { containerId, containerLifecycle, isRunning, lifecycleActions, type ContainerLifecycle, type LifecycleOutcome } from './docker-lifecycle'

/**
 * A Docker Engine API stand-in on a unix socket, for the real `docker` CLI (DOCKER_HOST=unix://…).
 * It answers what `docker ps` and `docker version` ask, shaped like Docker Engine 28.2 answers:
 * the CLI pings (HEAD /_ping) to learn the API version, then lists /v1.50/containers/json.
 * Status texts are computed from timestamps the way the engine computes them, so "Up 2 hours
 * (healthy)" and "Exited (1) 3 minutes ago" reach the client as a real daemon would send them.
 * `docker start`, `stop` and `restart` change a container's state, and run its hooks first, so a
 * container can stand for a real server that stops listening when stopped.
 */

export type EmulatedState = 'created' | 'running' | 'paused' | 'restarting' | 'exited' | 'dead' | 'removing'

export interface EmulatedContainer {
  readonly name: string
  readonly image: string
  readonly state: EmulatedState
  /** Only containers whose image or run options declare a HEALTHCHECK have one. */
  readonly health?: 'starting' | 'healthy' | 'unhealthy'
  /** Of the last exit; shown for exited and restarting containers. */
  readonly exitCode?: number
  readonly createdAt?: Date
  readonly startedAt?: Date
  readonly finishedAt?: Date
  readonly command?: string
  readonly labels?: Readonly<Record<string, string>>
}

/** What starting or stopping a container does beyond its state; a hook that throws fails the request. */
export interface ContainerHooks {
  start(): Promise<void>
  stop(): Promise<void>
  /** Tells the engine when the process ends by itself (a server's own `stop`), with its exit code. */
  onExit?(exited: (exitCode: number) => void): void
}

export interface DockerEngineOptions {
  readonly socketPath: string
  readonly containers?: readonly EmulatedContainer[]
  /** By container name. */
  readonly hooks?: Readonly<Record<string, ContainerHooks>>
}

export interface DockerEngine {
  readonly socketPath: string
  /** For DOCKER_HOST. */
  readonly host: string
  setContainers(containers: readonly EmulatedContainer[]): void
  /** The containers as they are now, after any start or stop. */
  containers(): readonly EmulatedContainer[]
  /** "METHOD /path?query" of every request so far, oldest first. */
  requests(): readonly string[]
  /** Stops listening and removes the socket, as a stopped daemon would leave it. */
  close(): Promise<void>
}

const engineVersion = '28.2.2'
const apiVersion = '1.50'
const minApiVersion = '1.24'
const gitCommit = '45873be'
const goVersion = 'go1.24.3'

/** Headers the engine's middleware puts on every reply. */
const commonHeaders = {
  'Api-Version': apiVersion,
  'Docker-Experimental': 'false',
  Ostype: 'linux',
  Server: `Docker/${engineVersion} (linux)`
}

export async function startDockerEngine(options: DockerEngineOptions): Promise<DockerEngine> {
  const log: string[] = []
  const lifecycle = containerLifecycle(options.containers ?? [], options.hooks ?? {})
  const server = createServer((request, response) => {
    log.push(`${request.method} ${request.url}`)
    answer(request, response, lifecycle)
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(new Error(`docker engine emulator: cannot listen on ${options.socketPath}: ${error.code === 'EADDRINUSE' ? 'the socket already exists' : error.message}`))
    )
    server.listen(options.socketPath, resolve)
  })
  let closed: Promise<void> | undefined
  return {
    socketPath: options.socketPath,
    host: `unix://${options.socketPath}`,
    setContainers: (next) => lifecycle.set(next),
    containers: () => lifecycle.list(),
    requests: () => [...log],
    close: () => {
      closed ??= new Promise((resolve) => {
        server.close(() => resolve())
        server.closeAllConnections()
      })
      return closed
    }
  }
}

function answer(request: IncomingMessage, response: ServerResponse, lifecycle: ContainerLifecycle): void {
  const url = new URL(request.url ?? '/', 'http://docker')
  const versioned = /^\/v(\d+\.\d+)(\/.*)$/.exec(url.pathname)
  const path = versioned?.[2] ?? url.pathname
  const requested = versioned?.[1]
  if (requested !== undefined && compareVersions(requested, apiVersion) > 0) {
    sendJson(response, 400, { message: `client version ${requested} is too new. Maximum supported API version is ${apiVersion}` })
    return
  }
  if (requested !== undefined && compareVersions(requested, minApiVersion) < 0) {
    sendJson(response, 400, {
      message: `client version ${requested} is too old. Minimum supported API version is ${minApiVersion}, please upgrade your client to a newer version`
    })
    return
  }
  const method = request.method ?? 'GET'
  if (path === '/_ping' && (method === 'GET' || method === 'HEAD')) {
    response.writeHead(200, { ...commonHeaders, 'Builder-Version': '2', 'Cache-Control': 'no-cache, no-store, must-revalidate', Pragma: 'no-cache', 'Content-Type': 'text/plain; charset=utf-8' })
    response.end(method === 'HEAD' ? undefined : 'OK')
    return
  }
  if (path === '/version' && method === 'GET') {
    sendJson(response, 200, versionReply())
    return
  }
  if (path === '/containers/json' && method === 'GET') {
    listContainers(url.searchParams, response, lifecycle.list())
    return
  }
  const [, reference, verb] = /^\/containers\/([^/]+)\/(\w+)$/.exec(path) ?? []
  const action = lifecycleActions.find((candidate) => candidate === verb)
  if (reference !== undefined && action && method === 'POST') {
    lifecycle.act(decodedSegment(reference), action).then(
      (outcome) => sendOutcome(response, outcome),
      (error: unknown) => sendJson(response, 500, { message: error instanceof Error ? error.message : String(error) })
    )
    return
  }
  sendJson(response, 404, { message: 'page not found' })
}

function listContainers(query: URLSearchParams, response: ServerResponse, containers: readonly EmulatedContainer[]): void {
  if (query.has('filters') && !['', '{}'].includes(query.get('filters') ?? '')) {
    // A real engine would filter; answering the whole list instead would hide a client bug.
    sendJson(response, 400, { message: 'the lab engine does not emulate filters' })
    return
  }
  const now = Date.now()
  const all = boolValue(query.get('all'))
  const withSize = boolValue(query.get('size'))
  const limit = Number(query.get('limit') ?? -1)
  const listed = containers
    .filter((container) => all || isRunning(container.state))
    .map((container) => containerSummary(container, now, withSize))
    .sort((a, b) => b.Created - a.Created)
  sendJson(response, 200, limit > 0 ? listed.slice(0, limit) : listed)
}

/** The engine's own reading of boolean query values (httputils.BoolValue). */
function boolValue(value: string | null): boolean {
  const normalized = (value ?? '').trim().toLowerCase()
  return normalized !== '' && !['0', 'no', 'false', 'none'].includes(normalized)
}

const hour = 3_600_000

function containerSummary(container: EmulatedContainer, now: number, withSize: boolean) {
  const created = container.createdAt?.getTime() ?? now - 3 * hour
  const running = isRunning(container.state)
  const id = containerId(container.name)
  return {
    Id: id,
    Names: [`/${container.name}`],
    Image: container.image,
    ImageID: `sha256:${sha256(`image:${container.image}`)}`,
    Command: container.command ?? '/docker-entrypoint.sh',
    Created: Math.floor(created / 1000),
    Ports: [],
    ...(withSize && { SizeRw: 0, SizeRootFs: 187_654_321 }),
    Labels: container.labels ?? {},
    State: container.state,
    Status: statusText(container, now),
    HostConfig: { NetworkMode: 'bridge' },
    NetworkSettings: { Networks: { bridge: bridgeEndpoint(id, running) } },
    Mounts: []
  }
}

function bridgeEndpoint(containerId: string, running: boolean) {
  return {
    IPAMConfig: null,
    Links: null,
    Aliases: null,
    MacAddress: running ? '02:42:ac:11:00:02' : '',
    DriverOpts: null,
    GwPriority: 0,
    NetworkID: sha256('network:bridge'),
    EndpointID: running ? sha256(`endpoint:${containerId}`) : '',
    Gateway: running ? '172.17.0.1' : '',
    IPAddress: running ? '172.17.0.2' : '',
    IPPrefixLen: running ? 16 : 0,
    IPv6Gateway: '',
    GlobalIPv6Address: '',
    GlobalIPv6PrefixLen: 0,
    DNSNames: null
  }
}

/** The engine's State.String(): what `docker ps` shows under STATUS. */
function statusText(container: EmulatedContainer, now: number): string {
  const since = (at: Date | undefined, fallback: number) => humanDuration(now - (at?.getTime() ?? now - fallback))
  const exitCode = container.exitCode ?? 0
  switch (container.state) {
    case 'running': {
      const up = `Up ${since(container.startedAt, 2 * hour)}`
      if (container.health === undefined) return up
      return `${up} (${container.health === 'starting' ? 'health: starting' : container.health})`
    }
    case 'paused':
      return `Up ${since(container.startedAt, 2 * hour)} (Paused)`
    case 'restarting':
      return `Restarting (${exitCode}) ${since(container.finishedAt, 5000)} ago`
    case 'removing':
      return 'Removal In Progress'
    case 'dead':
      return 'Dead'
    case 'created':
      return 'Created'
    case 'exited':
      return `Exited (${exitCode}) ${since(container.finishedAt, 3 * 60_000)} ago`
  }
}

/** go-units HumanDuration, which the engine uses for "Up …" and "… ago". */
export function humanDuration(ms: number): string {
  const seconds = Math.trunc(ms / 1000)
  if (seconds < 1) return 'Less than a second'
  if (seconds === 1) return '1 second'
  if (seconds < 60) return `${seconds} seconds`
  const minutes = Math.trunc(ms / 60_000)
  if (minutes === 1) return 'About a minute'
  if (minutes < 60) return `${minutes} minutes`
  const hours = Math.round(ms / hour)
  if (hours === 1) return 'About an hour'
  if (hours < 48) return `${hours} hours`
  if (hours < 24 * 7 * 2) return `${Math.trunc(hours / 24)} days`
  if (hours < 24 * 30 * 2) return `${Math.trunc(hours / 24 / 7)} weeks`
  if (hours < 24 * 365 * 2) return `${Math.trunc(hours / 24 / 30)} months`
  return `${Math.trunc(Math.trunc(ms / hour) / 24 / 365)} years`
}

function versionReply() {
  const details = {
    ApiVersion: apiVersion,
    Arch: 'amd64',
    BuildTime: '2025-05-30T12:07:26.000000000+00:00',
    Experimental: 'false',
    GitCommit: gitCommit,
    GoVersion: goVersion,
    KernelVersion: '6.1.0-lab',
    MinAPIVersion: minApiVersion,
    Os: 'linux'
  }
  return {
    Platform: { Name: 'Docker Engine - Community' },
    Components: [{ Name: 'Engine', Version: engineVersion, Details: details }],
    Version: engineVersion,
    ApiVersion: apiVersion,
    MinAPIVersion: minApiVersion,
    GitCommit: gitCommit,
    GoVersion: goVersion,
    Os: 'linux',
    Arch: 'amd64',
    KernelVersion: '6.1.0-lab',
    BuildTime: details.BuildTime
  }
}

/** A path segment as the engine's router reads it; a malformed escape stays as sent (and matches no container). */
function decodedSegment(segment: string): string {
  try {
    return decodeURIComponent(segment)
  } catch {
    return segment
  }
}

/** 204 and 304 carry no body; a missing container gets the engine's JSON error. */
function sendOutcome(response: ServerResponse, outcome: LifecycleOutcome): void {
  if ('message' in outcome) {
    sendJson(response, outcome.status, { message: outcome.message })
    return
  }
  response.writeHead(outcome.status, commonHeaders)
  response.end()
}

/** The engine writes JSON with Go's encoder, which ends every document with a newline. */
function sendJson(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { ...commonHeaders, 'Content-Type': 'application/json' })
  response.end(`${JSON.stringify(body)}\n`)
}

function compareVersions(a: string, b: string): number {
  const [aMajor = 0, aMinor = 0] = a.split('.').map(Number)
  const [bMajor = 0, bMinor = 0] = b.split('.').map(Number)
  return aMajor - bMajor || aMinor - bMinor
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex')
}
