import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { startA1111Emulator, type A1111Emulator } from '../lab/a1111'
import { startConsole, type ConsoleServer } from './console-server'
import { expect, test } from './fixtures'

/** The GPU PC's AUTOMATIC1111, on lab-worker's address and a port of the e2e tests' own. */
const workerAddress = '127.0.1.12'
const a1111Port = 7898

let folder: string
let a1111: A1111Emulator
let server: ConsoleServer

test.beforeEach(async () => {
  folder = await mkdtemp(join(tmpdir(), 'homelab-e2e-images-'))
  // Slow enough to see the job run, quick enough for a test: 12 steps of 0.25 s.
  a1111 = await startA1111Emulator({ host: workerAddress, port: a1111Port, secondsPerStep: 0.25, loadSeconds: 0 })
  const inventory = join(folder, 'inventory.yaml')
  await writeFile(
    inventory,
    [
      'name: Image lab',
      'nodes:',
      '  - id: gpu-pc',
      '    name: GPU PC',
      `    host: ${workerAddress}`,
      '    metrics: none',
      '    services:',
      `      - { id: sd, kind: imagegen, api: a1111, name: Stable Diffusion, url: "${a1111.url}" }`,
      ''
    ].join('\n')
  )
  server = await startConsole({ inventory })
})

test.afterEach(async () => {
  await server.stop()
  await a1111.close()
  await rm(folder, { recursive: true, force: true })
})

test('a job submitted from the form runs with live progress and lands in the gallery', async ({ page }) => {
  const prompt = 'a lighthouse on a rocky coast at dusk'
  await page.goto(`${server.url}#/images`)
  await page.getByRole('combobox', { name: 'Worker' }).selectOption({ label: 'GPU PC › Stable Diffusion' })
  await page.getByRole('textbox', { name: 'Prompt', exact: true }).fill(prompt)
  await page.getByRole('spinbutton', { name: 'Steps' }).fill('12')
  await page.getByRole('button', { name: 'Generate' }).click()

  const progress = page.getByRole('progressbar', { name: /^Progress of job \d+$/ })
  await expect(progress).toBeVisible()
  await expect(progress).toHaveAttribute('aria-valuetext', /step \d+ of 12/)

  await page.getByRole('tab', { name: 'Gallery' }).click()
  const tile = page.getByRole('list', { name: 'Gallery' }).getByRole('button', { name: new RegExp(`^Open image \\d+: ${prompt}`) })
  await expect(tile).toBeVisible({ timeout: 30_000 })
  await tile.click()
  const viewer = page.getByRole('dialog', { name: /^Image \d+$/ })
  await expect(viewer).toContainText(prompt)
  await expect(viewer.getByRole('img')).toHaveJSProperty('complete', true)
  await expect(viewer.getByRole('button', { name: 'Use these settings again' })).toBeVisible()
})
