import { test as base } from '@playwright/test'
import { copyFile, mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { startLab, type Lab } from '../lab/lab'
import { startConsole, type ConsoleServer } from './console-server'
import { TerminalsPage } from './pages/terminals-page'
import { TopologyPage } from './pages/topology-page'

interface WorkerFixtures {
  readonly lab: Lab
}
interface TestFixtures {
  /** A copy of the lab's inventory that this test may edit. */
  readonly labInventory: string
  readonly labConsole: ConsoleServer
  readonly topology: TopologyPage
  readonly terminals: TerminalsPage
}

export const test = base.extend<TestFixtures, WorkerFixtures>({
  lab: [
    async ({}, use) => {
      const dataDir = await mkdtemp(join(tmpdir(), 'homelab-e2e-lab-'))
      // Ports of their own, so a developer's `npm run lab` and the unit tests can run alongside.
      const lab = await startLab({ dataDir, sshPort: 2298, exporterPort: 9198, healthPort: 8098 })
      await use(lab)
      await lab.stop()
      await rm(dataDir, { recursive: true, force: true })
    },
    { scope: 'worker', timeout: 60_000 }
  ],
  labInventory: async ({ lab }, use) => {
    const folder = await mkdtemp(join(tmpdir(), 'homelab-e2e-inventory-'))
    const path = join(folder, 'inventory.yaml')
    await copyFile(lab.inventoryPath, path)
    await use(path)
    await rm(folder, { recursive: true, force: true })
  },
  labConsole: async ({ lab, labInventory }, use) => {
    const server = await startConsole({ inventory: labInventory, knownHosts: lab.knownHostsPath })
    await use(server)
    await server.stop()
  },
  topology: async ({ page }, use) => {
    await use(new TopologyPage(page))
  },
  terminals: async ({ page }, use) => {
    await use(new TerminalsPage(page))
  }
})

export { expect } from '@playwright/test'
