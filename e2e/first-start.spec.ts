import { expect, test } from './fixtures'
import { startConsole, type ConsoleServer } from './console-server'

let server: ConsoleServer
test.beforeEach(async () => {
  server = await startConsole()
})
test.afterEach(async () => {
  await server.stop()
})

test('with no inventory the console shows This PC and offers the five example homelabs', async ({ topology, page }) => {
  await topology.open(server.url)
  await expect(topology.node('This PC')).toBeVisible()
  const onboarding = page.getByRole('region', { name: 'Welcome to Homelab Console' })
  await expect(onboarding.getByRole('button', { name: /^Open example/ })).toHaveCount(5)

  await onboarding.getByRole('button', { name: 'Open example Pi cluster' }).click()
  await expect(onboarding).toBeHidden()
  for (const name of ['pi-lb', 'pi-web1', 'pi-web2', 'pi-db']) {
    await expect(page.getByRole('button', { name: new RegExp(`^${name}\\b`) })).toBeVisible()
  }
})

test('the command palette finds a node and the sidebar switches sections', async ({ topology, page }) => {
  await topology.open(server.url)
  const palette = await topology.openPalette()
  await palette.getByRole('combobox').fill('show this')
  await page.keyboard.press('Enter')
  await expect(topology.details('This PC')).toBeVisible()

  await page.getByRole('link', { name: /Settings/ }).click()
  await expect(page.getByRole('heading', { name: 'Settings' })).toBeVisible()
  await expect(page.getByText('headless server in a browser')).toBeVisible()
  await page.keyboard.press('Control+1')
  await expect(page.getByRole('region', { name: 'Topology map' })).toBeVisible()
})

test('nothing is served without the token', async ({ page }) => {
  const url = new URL(server.url)
  url.search = ''
  const response = await page.goto(url.href)
  expect(response?.status()).toBe(401)
})

test('This PC opens a local shell from the command palette', async ({ topology, terminals, page }) => {
  await topology.open(server.url)
  const palette = await topology.openPalette()
  await palette.getByRole('combobox').fill('open terminal this')
  await page.keyboard.press('Enter')
  await expect(terminals.tab(/This PC/)).toHaveAttribute('aria-selected', 'true')
  await terminals.run('echo "local-$((20+22))"')
  await terminals.expectOutput('local-42')
  await expect(terminals.banner()).toBeHidden()
})
