import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { execFileSync } from 'node:child_process'
import { startConsole } from './console-server'
import { expect, test } from './fixtures'

test('opens a terminal from the topology and runs a command on the node', async ({ labConsole, topology, terminals }) => {
  await topology.open(labConsole.url)
  await (await topology.select('Lab Pi')).getByRole('button', { name: 'Open terminal' }).click()
  await expect(terminals.tab(/Lab Pi/)).toHaveAttribute('aria-selected', 'true')
  await terminals.run('echo "e2e-$((6*7))-$LAB_NODE"')
  await terminals.expectOutput('e2e-42-lab-pi')
  await topology.page.screenshot({ path: test.info().outputPath('terminal.png') })
})

test('asks the user to check a new host key before the first connection', async ({ lab, labInventory, topology, terminals }) => {
  const server = await startConsole({ inventory: labInventory })
  try {
    await topology.open(server.url)
    // Health polling meets the new keys first: they wait on the cards, no dialog the user did not ask for.
    await expect(topology.node('Lab gateway')).toHaveAccessibleName(/SSH waiting for you to confirm the host key/, { timeout: 20_000 })
    await expect(terminals.hostKeyDialog()).toBeHidden()
    await (await topology.select('Lab worker')).getByRole('button', { name: 'Open terminal' }).click()
    const dialog = terminals.hostKeyDialog()
    await expect(dialog).toBeVisible()
    const fingerprint = execFileSync('ssh-keygen', ['-lf', join(lab.dataDir, 'lab-worker', 'ssh_host_ed25519_key.pub')], { encoding: 'utf8' }).split(' ')[1]!
    await expect(dialog).toContainText(fingerprint)
    await topology.page.screenshot({ path: test.info().outputPath('host-key-unknown.png') })
    await dialog.getByRole('button', { name: 'Trust and connect' }).click()
    await expect(dialog).toBeHidden()
    await terminals.run('echo trusted-$LAB_NODE')
    await terminals.expectOutput('trusted-lab-worker')
    expect(await readFile(join(server.dataDir, 'known_hosts'), 'utf8')).toContain('[127.0.1.12]:2298 ssh-ed25519')
  } finally {
    await server.stop()
  }
})

test('a tab whose connection drops says so, reconnects and keeps its scrollback', async ({ lab, labConsole, topology, terminals }) => {
  await topology.open(labConsole.url)
  await (await topology.select('Lab gateway')).getByRole('button', { name: 'Open terminal' }).click()
  await terminals.run('echo before-drop')
  await terminals.expectOutput('before-drop')
  try {
    await lab.stopSshd('lab-gateway')
    await expect(terminals.banner()).toContainText(/lost|reconnect/i)
    await topology.page.screenshot({ path: test.info().outputPath('reconnecting.png') })
  } finally {
    await lab.startSshd('lab-gateway')
  }
  await expect(terminals.banner()).toBeHidden({ timeout: 30_000 })
  await terminals.run('echo after-drop')
  await terminals.expectOutput('after-drop')
  // The old shell's output is still in the scrollback: search finds it and scrolls to it.
  await terminals.search('before-drop')
  await terminals.expectOutput('before-drop')
})
