import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseDocument } from 'yaml'
import { openLatestLog, type LatestLog } from '../lab/minecraft-log'
import { prepareMinecraftFolders, type MinecraftFolders } from '../lab/minecraft-world'
import { startRconEmulator, type RconEmulator } from '../lab/rcon'
import { startConsole, type ConsoleServer } from './console-server'
import { expect, test } from './fixtures'

/** lab-pi's Paper server: RCON on a port of the e2e tests' own, its log read over lab-pi's real sshd. */
const piAddress = '127.0.1.11'
const rconPort = 25598
/** Nothing answers the status ping here: the console says so and the rest still works. */
const pingPort = 25597
const password = 'e2e-rcon-secret'
const passwordVariable = 'HOMELAB_E2E_RCON_PASSWORD'

let folder: string
let folders: MinecraftFolders
let rcon: RconEmulator
let log: LatestLog
let server: ConsoleServer

test.beforeEach(async ({ lab, labInventory }) => {
  folder = await mkdtemp(join(tmpdir(), 'homelab-e2e-minecraft-'))
  folders = await prepareMinecraftFolders(folder)
  rcon = await startRconEmulator({ address: piAddress, port: rconPort, password })
  log = await openLatestLog(folder, rcon.server)
  // Their joins are the log's first lines.
  rcon.setPlayers(['Steve', 'Alex'])
  const inventory = parseDocument(await readFile(labInventory, 'utf8'))
  const nodes = inventory.get('nodes') as { items: { get(key: string): unknown; set(key: string, value: unknown): void }[] }
  const pi = nodes.items.find((node) => node.get('id') === 'lab-pi')!
  const services = ((pi.get('services') as { toJSON(): unknown[] } | undefined)?.toJSON() ?? []) as unknown[]
  pi.set('services', [
    ...services,
    {
      id: 'minecraft',
      name: 'Minecraft',
      kind: 'minecraft',
      port: pingPort,
      rcon: { port: rconPort, password: `env:${passwordVariable}` },
      log: log.path,
      world: folders.worldDir,
      backups: folders.backupsDir
    }
  ])
  await writeFile(labInventory, inventory.toString())
  // The console reads the password where the inventory says: its own environment.
  process.env[passwordVariable] = password
  server = await startConsole({ inventory: labInventory, knownHosts: lab.knownHostsPath })
})

test.afterEach(async () => {
  await server.stop()
  await log.close()
  await rcon.close()
  delete process.env[passwordVariable]
  await rm(folder, { recursive: true, force: true })
})

test('the console streams the server log over SSH and runs `list` over RCON, showing the reply', async ({ page }) => {
  await page.goto(`${server.url}#/minecraft`)
  const serverLog = page.getByRole('log', { name: 'Server log' })
  await expect(serverLog).toContainText('Alex joined the game')

  await page.getByRole('textbox', { name: 'Command' }).fill('list')
  await page.keyboard.press('Enter')
  await expect(serverLog).toContainText('There are 2 of a max of 20 players online: Steve, Alex')
  await expect(page.getByRole('textbox', { name: 'Command' })).toHaveValue('')
  expect(rcon.commands().map((record) => record.command)).toContain('list')

  // A line the server logs now reaches the page through `tail -F` on lab-pi.
  await page.getByRole('textbox', { name: 'Command' }).fill('say hello from e2e')
  await page.keyboard.press('Enter')
  await expect(serverLog).toContainText('[Rcon] hello from e2e')

  const status = page.getByRole('region', { name: 'Status' })
  await expect(status.getByRole('list', { name: 'Players online' })).toContainText('Steve')
})
