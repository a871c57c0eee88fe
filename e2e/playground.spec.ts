import type { Page } from '@playwright/test'
import { emulatedAnswer, startOllamaEmulator, type OllamaEmulator } from '../lab/ollama'
import { labPiOllama } from '../lab/ollama-catalog'
import { startConsole, type ConsoleServer } from './console-server'
import { expect, test } from './fixtures'

/** lab-pi's Ollama with its tiny models, on a port of the e2e tests' own. */
const piAddress = '127.0.1.11'
const piPort = 11498
const model = 'qwen2.5:0.5b'

let ollama: OllamaEmulator
let server: ConsoleServer

test.beforeEach(async () => {
  ollama = await startOllamaEmulator({ host: piAddress, port: piPort, ...labPiOllama })
  server = await startConsole()
})
test.afterEach(async () => {
  await server.stop()
  await ollama.close()
})

async function addLabPi(page: Page): Promise<void> {
  await page.goto(`${server.url}#/playground/models`)
  await page.getByRole('textbox', { name: 'Endpoint URL' }).fill(ollama.url)
  await page.getByRole('textbox', { name: 'Endpoint name' }).fill('Lab Pi')
  await page.getByRole('button', { name: 'Add endpoint' }).click()
  await expect(page.getByRole('region', { name: 'Lab Pi' }).getByRole('table', { name: 'Models on disk' }).getByText(model)).toBeVisible()
}

async function chooseModel(page: Page): Promise<void> {
  await page.getByRole('tab', { name: 'Chat' }).click()
  await page.getByRole('combobox', { name: 'Endpoint' }).selectOption({ label: 'Lab Pi' })
  await page.getByRole('combobox', { name: 'Model' }).locator(`option[value="${model}"]`).waitFor({ state: 'attached' })
  await page.getByRole('combobox', { name: 'Model' }).selectOption(model)
}

test('chats with a lab model: the answer streams in, then shows its tokens/s, and the conversation is kept', async ({ page }) => {
  await addLabPi(page)
  await chooseModel(page)
  const question = 'Why is the sky blue?'
  const words = emulatedAnswer(model, question).join('').trim().split(/\s+/)
  await page.getByRole('textbox', { name: 'Message' }).fill(question)
  await page.keyboard.press('Enter')

  const answer = page.getByRole('article', { name: `Answer from ${model}` })
  // At ~18 tokens/s the page shows the first words long before the last.
  await expect(answer).toHaveAttribute('aria-busy', 'true')
  await expect(answer).toContainText(words.slice(0, 3).join(' '))
  await expect(answer).not.toContainText(words.slice(-3).join(' '))
  await expect(answer.getByRole('button', { name: 'Stop' })).toBeVisible()

  await expect(answer).toHaveAttribute('aria-busy', 'false', { timeout: 30_000 })
  await expect(answer).toContainText(words.slice(-3).join(' '))
  await expect(answer).toContainText(/first token \d+ ms · \d+(\.\d)? tokens\/s · \d+ prompt tokens · \d+ output tokens/)

  await page.reload()
  await page.getByRole('navigation', { name: 'Conversations' }).getByRole('button', { name: question }).click()
  await expect(page.getByRole('article', { name: `Answer from ${model}` })).toContainText(words.slice(-3).join(' '))
})

test('Stop ends the answer at once and keeps its text; a deleted model offers Pull', async ({ page }) => {
  await addLabPi(page)
  await chooseModel(page)
  await page.getByRole('textbox', { name: 'Message' }).fill('Tell me about the history of the Raspberry Pi')
  await page.getByRole('button', { name: 'Send' }).click()
  const answer = page.getByRole('article', { name: `Answer from ${model}` })
  await expect(answer).toContainText(/\w+ \w+ \w+/)
  await page.keyboard.press('Escape')
  await expect(answer).toContainText('Stopped. The answer so far is kept.')
  await expect(answer).toHaveAttribute('aria-busy', 'false')

  // The model goes away behind the conversation's back: the next question offers to pull it.
  await page.getByRole('tab', { name: 'Models' }).click()
  const lab = page.getByRole('region', { name: 'Lab Pi' })
  await lab.getByRole('button', { name: `Delete ${model}` }).click()
  await page.getByRole('dialog').getByRole('button', { name: 'Delete' }).click()
  await expect(lab.getByRole('table', { name: 'Models on disk' }).getByText(model)).toBeHidden()
  await page.getByRole('tab', { name: 'Chat' }).click()
  await page.getByRole('textbox', { name: 'Message' }).fill('And what came next?')
  await page.getByRole('button', { name: 'Send' }).click()
  const pull = page.getByRole('button', { name: `Pull ${model}` })
  await expect(pull).toBeVisible()
  await expect(page.getByRole('textbox', { name: 'Message' })).toHaveValue('')
})
