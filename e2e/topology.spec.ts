import { readFile, writeFile } from 'node:fs/promises'
import { parse } from 'yaml'
import { expect, test } from './fixtures'

test('the topology shows every lab node with its status, containers inside their host', async ({ lab, labConsole, topology }) => {
  await topology.open(labConsole.url)
  const inventory = parse(await readFile(lab.inventoryPath, 'utf8')) as { nodes: { id: string; name: string }[] }
  expect(inventory.nodes.length).toBeGreaterThanOrEqual(3)
  for (const node of inventory.nodes) {
    await expect(topology.node(node.name)).toBeVisible()
    // Polled within one interval (10 s) plus the probe timeout (5 s).
    await expect(topology.node(node.name)).toHaveAccessibleName(new RegExp(`^${node.name}, up`), { timeout: 20_000 })
    await expect(topology.node(node.name)).toContainText('up')
  }

  const gateway = await topology.node('Lab gateway').boundingBox()
  const box = await topology.node('Lab box').boundingBox()
  expect(gateway && box).toBeTruthy()
  expect(box!.x).toBeGreaterThan(gateway!.x)
  expect(box!.y).toBeGreaterThan(gateway!.y)
  expect(box!.x + box!.width).toBeLessThanOrEqual(gateway!.x + gateway!.width)
  expect(box!.y + box!.height).toBeLessThanOrEqual(gateway!.y + gateway!.height)
  await expect(topology.page.getByText('loopback').first()).toBeVisible()
})

test('a node is reachable by keyboard and opens its details', async ({ labConsole, topology }) => {
  await topology.open(labConsole.url)
  await topology.node('Lab worker').focus()
  await topology.page.keyboard.press('Enter')
  const details = topology.details('Lab worker')
  await expect(details).toBeVisible()
  await expect(details.getByRole('cell', { name: 'http', exact: true })).toBeVisible()
  await expect(details.getByRole('link', { name: /127\.0\.1\.12:8098\/health/ })).toBeVisible()
  await topology.page.keyboard.press('Escape')
  await expect(details).toBeHidden()
})

test('a broken inventory shows the line-numbered error and the previous topology stays', async ({ labInventory, labConsole, topology }) => {
  await topology.open(labConsole.url)
  await expect(topology.node('Lab Pi')).toBeVisible()
  const good = await readFile(labInventory, 'utf8')

  await writeFile(labInventory, good.replace(/^nodes:/m, 'nodes:\n  - id: Bad Id\n    name: broken\n    host: 127.0.1.99'))
  const badLine = good.split('\n').findIndex((line) => line.startsWith('nodes:')) + 2
  const problems = topology.problems()
  await expect(problems).toBeVisible()
  await expect(problems).toContainText(`line ${badLine}, column 9: ids use lowercase letters`)
  await expect(problems).toContainText(`${labInventory}:${badLine}:9`)
  await expect(topology.node('Lab Pi')).toBeVisible()
  await expect(topology.node('broken')).toHaveCount(0)

  await writeFile(labInventory, 'name: [unclosed\n')
  await expect(problems).toContainText(/line \d+, column \d+/)
  await expect(topology.node('Lab gateway')).toBeVisible()

  await writeFile(labInventory, good.replace('Simulated lab', 'Simulated lab, fixed'))
  await expect(problems).toBeHidden()
  await expect(topology.page.getByRole('navigation', { name: 'Sections' })).toContainText('Simulated lab, fixed')
})
