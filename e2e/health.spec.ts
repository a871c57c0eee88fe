import { expect, test } from './fixtures'

/** A node is polled every 10 s and a probe gives up after 5 s: a change shows within 15 s. */
const withinOneRound = { timeout: 25_000 }

test('the map turns a node down when its sshd dies, tells it in a toast, and turns it up when it returns', async ({ lab, labConsole, topology }) => {
  test.setTimeout(90_000)
  await topology.open(labConsole.url)
  // The gateway is reached by SSH alone: without sshd nothing of it answers.
  const gateway = topology.node('Lab gateway')
  await expect(gateway).toHaveAccessibleName(/^Lab gateway, up/, withinOneRound)
  await lab.stopSshd('lab-gateway')
  try {
    await expect(gateway).toHaveAccessibleName(/^Lab gateway, down \(.*refused/, withinOneRound)
    await expect(topology.page.getByRole('status').filter({ hasText: /Lab gateway is down/ })).toBeVisible()
  } finally {
    await lab.startSshd('lab-gateway')
  }
  await expect(gateway).toHaveAccessibleName(/^Lab gateway, up/, withinOneRound)
})

test('the dashboard has a card per node with live figures, and a node page with charts', async ({ labConsole, page }) => {
  await page.goto(`${labConsole.url}#/dashboard`)
  const gateway = page.getByRole('button', { name: /^Lab gateway/ })
  await expect(gateway).toBeVisible()
  await expect(page.getByRole('button', { name: /^Lab Pi/ })).toBeVisible()
  await expect(gateway).toContainText(/CPU\s*\d/, withinOneRound)
  await gateway.click()
  await expect(page).toHaveURL(/#\/dashboard\/lab-gateway$/)
  const cpu = page.getByRole('figure', { name: /CPU/ })
  await expect(cpu).toBeVisible()
  await expect(cpu.locator('.recharts-line-curve').first()).toBeVisible(withinOneRound)
  await page.keyboard.press('Escape')
  await expect(page).toHaveURL(/#\/dashboard$/)
})
