import { resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { startLab, type Lab, type StartLabOptions } from './lab'

/** `npm run lab`: runs the simulated homelab in the foreground until Ctrl+C. */

const repoRoot = fileURLToPath(new URL('..', import.meta.url))

function parseOptions(argv: string[]): StartLabOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      'data-dir': { type: 'string', default: resolve(repoRoot, '.lab') },
      'ssh-port': { type: 'string', default: '2222' }
    }
  })
  const sshPort = Number(values['ssh-port'])
  if (!Number.isInteger(sshPort) || sshPort < 1 || sshPort > 65535) {
    throw new Error(`--ssh-port must be a port number, got "${values['ssh-port']}"`)
  }
  return { dataDir: resolve(values['data-dir']), sshPort }
}

function printSummary(lab: Lab): void {
  const first = lab.nodes[0]
  const lines = [
    `Simulated lab running (data in ${lab.dataDir})`,
    ...lab.nodes.map((node) => `  ${node.id.padEnd(12)} ${node.address}  ssh :${node.sshPort}`),
    `  node_exporter  ${lab.metricsUrl}`,
    `  web service    ${lab.healthUrl}`,
    '',
    `Open it:  npm run serve -- --inventory ${lab.inventoryPath}`,
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
