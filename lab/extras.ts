import { rm } from 'node:fs/promises'
import { join } from 'node:path'
import { startA1111Emulator, type A1111Emulator } from './a1111'
import { startComfyuiEmulator, type ComfyuiEmulator } from './comfyui'
import { startDockerEngine, type ContainerHooks, type DockerEngine, type EmulatedContainer } from './docker-engine'
import { startFaultyHttp, type FaultyHttpService, type HttpFault } from './faulty-http'
import { startImagegenWorker, type ImagegenWorker } from './imagegen-worker'
import { createMinecraftContainer, type MinecraftContainer } from './minecraft-container'
import { prepareMinecraftFolders } from './minecraft-world'
import { canConnectTo } from './net'
import { startNginx, type NginxServer } from './nginx'
import { startOllamaEmulator, type OllamaEmulator } from './ollama'
import { labPiOllama, labWorkerOllama } from './ollama-catalog'
import { startPrometheus, type PrometheusServer } from './prometheus'
import { startRedis, type RedisServer } from './redis'
import { rconPasswordFor } from './server-properties'
import { settleAll } from './settle'
import { labGateway, labMinecraftContainer, labMinecraftDir, labPi, labRconPasswordVariable, labWebContainer, labWorker, type LabExtraPorts } from './topology'

/**
 * The lab's optional services, for a console that shows every kind of check: real Redis, nginx
 * and Prometheus on lab-gateway, a Minecraft server (a real one for pings, RCON and latest.log
 * emulated as Paper's, in a container `docker stop` stops) and an Ollama emulator with tiny models
 * on lab-pi, the three image generators (the seed's worker, AUTOMATIC1111 and ComfyUI), a faster
 * Ollama (the GPU PC's) and a misbehaving HTTP API on lab-worker, and a Docker engine for lab-box
 * and lab-pi. Generated images go to lab-worker/generated/ and lab-worker/comfyui/ in the data dir.
 */

export interface LabExtras extends LabExtraPorts {
  /** How the Flaky API misbehaves at start; '503' unless told, so the lab shows a degraded node. */
  flakyFault?: HttpFault
  /** lab-pi's RCON password; unless told, the one the last run saved in server.properties, else a new one. */
  rconPassword?: string
}

/** The ports each server uses on a real homelab; 8088 for nginx and 8482 for the API, as 80 needs root. */
export const defaultLabExtras: LabExtras = {
  redisPort: 6379,
  nginxPort: 8088,
  prometheusPort: 9090,
  minecraftPort: 25565,
  rconPort: 25575,
  ollamaPort: 11434,
  workerOllamaPort: 11434,
  workerPort: 8000,
  a1111Port: 7860,
  comfyuiPort: 8188,
  flakyPort: 8482
}

/** 20 steps take 3 s: long enough to watch progress, short enough to wait for. */
const labSecondsPerStep = 0.15

export interface LabExtraServers {
  redis: RedisServer
  nginx: NginxServer
  /** Scrapes lab-pi's node_exporter; the inventory's lab-pi metrics point here. */
  prometheus: PrometheusServer
  /** Its rconPassword is what the console needs in LAB_RCON_PASSWORD (see extrasConsoleEnv). */
  minecraft: MinecraftContainer
  /** lab-pi's Ollama: tiny models on a CPU. */
  ollama: OllamaEmulator
  /** lab-worker's Ollama: the GPU PC's bigger, faster models. */
  workerOllama: OllamaEmulator
  /** The image worker emulator. */
  worker: ImagegenWorker
  /** lab-worker's AUTOMATIC1111. */
  a1111: A1111Emulator
  /** lab-worker's ComfyUI. */
  comfyui: ComfyuiEmulator
  /** Set `fault` to change how the Flaky API answers. */
  flaky: FaultyHttpService
  docker: DockerEngine
}

/** How lab.ts registers a stopper as soon as something runs, so a failed start tears it down. */
export type Track = <T>(started: Promise<T>, stopIt: (value: T) => Promise<void>) => Promise<T>

/** Scraping often fills the console's charts within seconds of starting. */
const scrapeIntervalSeconds = 5

/** The Docker engine's socket, in the lab data dir. */
function dockerSocketPath(dataDir: string): string {
  return join(dataDir, 'docker.sock')
}

/**
 * Variables for every SSH session, so `docker` on a node talks to the lab's engine. DOCKER_CONFIG
 * keeps the user's own ~/.docker (contexts, a custom psFormat) from changing what `docker ps` prints.
 */
export function extrasSessionEnv(dataDir: string): Record<string, string> {
  return { DOCKER_HOST: `unix://${dockerSocketPath(dataDir)}`, DOCKER_CONFIG: join(dataDir, 'docker-config') }
}

/** What the console's own environment needs for the inventory's secrets: the RCON password. */
export function extrasConsoleEnv(servers: LabExtraServers): Record<string, string> {
  return { [labRconPasswordVariable]: servers.minecraft.rconPassword }
}

/** Starts every extra at once, registering each one's stopper with `track` as soon as it runs. */
export async function startExtras(options: {
  dataDir: string
  extras: LabExtras
  /** "host:port" of lab-pi's node_exporter, for Prometheus to scrape. */
  exporterTarget: string
  track: Track
}): Promise<LabExtraServers> {
  const { dataDir, extras, exporterTarget, track } = options
  const serverDir = labMinecraftDir(dataDir)
  const minecraftContainer = createMinecraftContainer({
    serverDir,
    address: labPi.address,
    gamePort: extras.minecraftPort,
    rconPort: extras.rconPort,
    rconPassword: await rconPasswordFor(serverDir, extras.rconPassword),
    motd: 'Lab §aPaper§r on lab-pi',
    maxPlayers: 20
  })
  const minecraftHooks: ContainerHooks = {
    start: () => minecraftContainer.start(),
    stop: () => minecraftContainer.stop(),
    // A clean stop: the container's runner exits 0, as itzg/minecraft-server's does.
    onExit: (exited) => minecraftContainer.onExit(() => exited(0))
  }
  const workerDir = join(dataDir, labWorker.id)
  const [redis, nginx, prometheus, minecraft, ollama, workerOllama, worker, a1111, comfyui, flaky, docker] = await settleAll([
    track(startRedis({ address: labGateway.address, port: extras.redisPort }), (redis) => redis.stop()),
    track(startNginx({ address: labGateway.address, port: extras.nginxPort, dir: join(dataDir, 'nginx') }), (nginx) => nginx.stop()),
    track(
      startPrometheus({
        address: labGateway.address,
        port: extras.prometheusPort,
        dataDir: join(dataDir, 'prometheus'),
        scrapeTargets: [exporterTarget],
        scrapeIntervalSeconds
      }),
      (prometheus) => prometheus.stop()
    ),
    track(
      prepareMinecraftFolders(serverDir)
        .then(() => minecraftContainer.start())
        .then(() => minecraftContainer),
      (minecraft) => minecraft.stop()
    ),
    track(startOllamaEmulator({ host: labPi.address, port: extras.ollamaPort, ...labPiOllama }), (ollama) => ollama.close()),
    track(startOllamaEmulator({ host: labWorker.address, port: extras.workerOllamaPort, ...labWorkerOllama }), (ollama) => ollama.close()),
    track(
      startImagegenWorker({ host: labWorker.address, port: extras.workerPort, outputDir: join(workerDir, 'generated'), secondsPerStep: labSecondsPerStep }),
      (worker) => worker.close()
    ),
    track(startA1111Emulator({ host: labWorker.address, port: extras.a1111Port, secondsPerStep: labSecondsPerStep }), (a1111) => a1111.close()),
    track(
      startComfyuiEmulator({ host: labWorker.address, port: extras.comfyuiPort, dataDir: join(workerDir, 'comfyui'), secondsPerStep: labSecondsPerStep }),
      (comfyui) => comfyui.close()
    ),
    track(
      startFaultyHttp(labWorker.address, extras.flakyPort).then((flaky) => {
        flaky.fault = extras.flakyFault ?? '503'
        return flaky
      }),
      (flaky) => flaky.close()
    ),
    track(startLabDockerEngine(dockerSocketPath(dataDir), { [labMinecraftContainer]: minecraftHooks }), (docker) => docker.close())
  ])
  return { redis, nginx, prometheus, minecraft, ollama, workerOllama, worker, a1111, comfyui, flaky, docker }
}

const minute = 60_000
const hour = 60 * minute
const day = 24 * hour

/**
 * The engine's containers: lab-box's healthy web server it checks and a finished cron job beside
 * it, and lab-pi's Minecraft server, started with the lab.
 */
function labContainers(): EmulatedContainer[] {
  const now = Date.now()
  return [
    {
      name: labMinecraftContainer,
      image: 'itzg/minecraft-server:java21',
      command: '/start',
      state: 'running',
      createdAt: new Date(now - 3 * day),
      startedAt: new Date(now)
    },
    {
      name: labWebContainer,
      image: 'nginx:1.27-alpine',
      state: 'running',
      health: 'healthy',
      createdAt: new Date(now - 3 * day),
      startedAt: new Date(now - 26 * hour)
    },
    {
      name: 'worker-cron',
      image: 'alpine:3.20',
      command: '/bin/sh -c /etc/periodic/daily/backup',
      state: 'exited',
      exitCode: 0,
      createdAt: new Date(now - 3 * day),
      finishedAt: new Date(now - 40 * minute)
    }
  ]
}

async function startLabDockerEngine(socketPath: string, hooks: Readonly<Record<string, ContainerHooks>>): Promise<DockerEngine> {
  // A lab killed without stopping leaves its socket behind; one that still answers is a running lab's.
  if (await canConnectTo(socketPath)) throw new Error(`docker engine: ${socketPath} is in use (is another lab still running?)`)
  await rm(socketPath, { force: true })
  return startDockerEngine({ socketPath, containers: labContainers(), hooks })
}
