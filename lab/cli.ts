import { resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { defaultLabExtras, extrasConsoleEnv, type LabExtraServers, type LabExtras } from './extras'
import type { HttpFault } from './faulty-http'
import { nginxHealthPage } from './nginx'
import { labPiOllama, labWorkerOllama, ollamaSummary } from './ollama-catalog'
import { startLab, type Lab, type StartLabOptions } from './lab'
import { labRconPasswordVariable } from './topology'

/** `npm run lab`: runs the simulated homelab in the foreground until Ctrl+C. */

const repoRoot = fileURLToPath(new URL('..', import.meta.url))

const faults: readonly HttpFault[] = ['none', 'hang', '503', 'slow', 'garbage', 'drop']

/** `--port NAME=PORT` names, and the option each one sets. */
const labPortNames = { exporter: 'exporterPort', health: 'healthPort' } as const
const extraPortNames = {
  redis: 'redisPort',
  nginx: 'nginxPort',
  prometheus: 'prometheusPort',
  minecraft: 'minecraftPort',
  rcon: 'rconPort',
  ollama: 'ollamaPort',
  'worker-ollama': 'workerOllamaPort',
  worker: 'workerPort',
  a1111: 'a1111Port',
  comfyui: 'comfyuiPort',
  flaky: 'flakyPort'
} as const
const portNames = [...Object.keys(labPortNames), ...Object.keys(extraPortNames)]

const usage = `Usage: npm run lab -- [options]
  --data-dir DIR         where keys, configs and the inventory go (default .lab)
  --ssh-port PORT        sshd port of every node (default 2222)
  --no-extras            only sshd, node_exporter and the web service
  --flaky-fault FAULT    how the Flaky API misbehaves: ${faults.join('|')} (default 503)
  --port NAME=PORT       move one server (${portNames.join(', ')}); repeatable
Minecraft's RCON password is $${labRconPasswordVariable} when set, else the one the last run saved.`

function parseOptions(argv: string[]): StartLabOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      'data-dir': { type: 'string', default: resolve(repoRoot, '.lab') },
      'ssh-port': { type: 'string', default: '2222' },
      'no-extras': { type: 'boolean', default: false },
      'flaky-fault': { type: 'string', default: '503' },
      port: { type: 'string', multiple: true, default: [] },
      help: { type: 'boolean', short: 'h', default: false }
    }
  })
  if (values.help) {
    console.log(usage)
    process.exit(0)
  }
  const flakyFault = values['flaky-fault']
  if (!isFault(flakyFault)) throw new Error(`--flaky-fault must be one of ${faults.join(', ')}, got "${flakyFault}"`)
  const options: StartLabOptions = { dataDir: resolve(values['data-dir']), sshPort: portNumber(values['ssh-port'], '--ssh-port') }
  // A password the user already exported is kept, so their console keeps working across labs.
  const rconPassword = process.env[labRconPasswordVariable]
  const extras: LabExtras = { ...defaultLabExtras, flakyFault, ...(rconPassword && { rconPassword }) }
  for (const setting of values.port) {
    const [name = '', port = ''] = setting.split('=')
    if (isName(name, labPortNames)) options[labPortNames[name]] = portNumber(port, `--port ${name}`)
    else if (isName(name, extraPortNames)) extras[extraPortNames[name]] = portNumber(port, `--port ${name}`)
    else throw new Error(`--port takes NAME=PORT with NAME one of ${portNames.join(', ')}, got "${setting}"`)
  }
  return values['no-extras'] ? options : { ...options, extras }
}

function isFault(text: string): text is HttpFault {
  return (faults as readonly string[]).includes(text)
}

function isName<T extends object>(text: string, names: T): text is Extract<keyof T, string> {
  return Object.hasOwn(names, text)
}

function portNumber(text: string, flag: string): number {
  const port = Number(text)
  if (!/^\d+$/.test(text) || port < 1 || port > 65535) throw new Error(`${flag} must be a port number, got "${text}"`)
  return port
}

function extrasSummary(extras: LabExtraServers): string[] {
  const { redis, nginx, prometheus, minecraft, ollama, workerOllama, worker, a1111, comfyui, flaky, docker } = extras
  return [
    `  Redis          ${redis.address}:${redis.port}`,
    `  nginx          ${nginx.url}${nginxHealthPage.path}`,
    `  Prometheus     ${prometheus.url} (scrapes lab-pi; lab-pi's charts come from it)`,
    `  Minecraft      ${minecraft.address}:${minecraft.gamePort} (Paper ${minecraft.version}, offline mode, container "minecraft")`,
    `  RCON           ${minecraft.address}:${minecraft.rconPort} (password in ${labRconPasswordVariable})`,
    `  server files   ${minecraft.folders.serverDir} (logs/latest.log, world/, backups/)`,
    `  Ollama         ${ollama.url} (${ollamaSummary(labPiOllama, 'lab-pi, CPU')})`,
    `  Ollama         ${workerOllama.url} (${ollamaSummary(labWorkerOllama, 'lab-worker, 24 GB GPU')})`,
    `  image worker   ${worker.url} (images in ${worker.outputDir})`,
    `  AUTOMATIC1111  ${a1111.url} (txt2img, progress, interrupt, sd-models)`,
    `  ComfyUI        ${comfyui.url} (prompt, queue, history, /ws; images in ${comfyui.outputDir})`,
    `  Flaky API      ${flaky.url} (fault: ${flaky.fault})`,
    `  Docker         DOCKER_HOST=${docker.host} (lab-box: web, worker-cron; lab-pi: minecraft)`
  ]
}

function printSummary(lab: Lab): void {
  const first = lab.nodes[0]
  // The inventory names secrets by variable; the console reads them from its own environment.
  const consoleEnv = Object.entries(lab.extras ? extrasConsoleEnv(lab.extras) : {}).map(([name, value]) => `${name}=${value}`)
  const lines = [
    `Simulated lab running (data in ${lab.dataDir})`,
    ...lab.nodes.map((node) => `  ${node.id.padEnd(12)} ${node.address}  ssh :${node.sshPort}`),
    `  node_exporter  ${lab.metricsUrl}`,
    `  web service    ${lab.healthUrl}`,
    ...(lab.extras ? extrasSummary(lab.extras) : []),
    '',
    ...(consoleEnv.length > 0 ? [`Console:  export ${consoleEnv.join(' ')}`] : []),
    `Open it:  ${[...consoleEnv, ''].join(' ')}npm run serve -- --inventory ${lab.inventoryPath}`,
    `SSH:      ssh -i ${lab.keyPath} -o UserKnownHostsFile=${lab.knownHostsPath} ` +
      `-p ${first?.sshPort} ${lab.user}@${first?.address}`,
    'Press Ctrl+C to stop.'
  ]
  console.log(lines.join('\n'))
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2))
  // Handlers go in before anything starts: a Ctrl+C during startup must not kill this
  // process with sshd children still running. Repeated signals are ignored while stopping.
  const stopRequested = new Promise<NodeJS.Signals>((resolveStop) => {
    for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, resolveStop)
  })
  const lab = await startLab(options)
  printSummary(lab)
  const signal = await stopRequested
  console.log(`\n${signal}: stopping the lab...`)
  await lab.stop()
  console.log('Lab stopped.')
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(`lab: ${error instanceof Error ? error.message : String(error)}`)
    process.exit(1)
  }
)
