import { expect, type Locator, type Page } from '@playwright/test'

/** The terminals screen: a tab per session, the visible session in a tab panel. */
export class TerminalsPage {
  constructor(readonly page: Page) {}

  tab(name: string | RegExp): Locator {
    return this.page.getByRole('tab', { name })
  }

  /** The shown terminal (the first panel when split). */
  panel(): Locator {
    return this.page.getByRole('tabpanel').first()
  }

  /** Waits for the shell prompt like a user would, types the command, then Enter. */
  async run(command: string): Promise<void> {
    await expect(this.panel()).toContainText(/[$#]\s*$/, { timeout: 20_000 })
    await this.panel().click()
    await this.page.keyboard.type(command)
    await this.page.keyboard.press('Enter')
  }

  async expectOutput(text: string | RegExp, timeout = 15_000): Promise<void> {
    await expect(this.panel()).toContainText(text, { timeout })
  }

  async search(text: string): Promise<void> {
    await this.panel().click()
    await this.page.keyboard.press('Control+Shift+F')
    const field = this.page.getByRole('textbox', { name: 'Find in terminal' })
    await field.fill(text)
    await field.press('Enter')
  }

  banner(): Locator {
    return this.panel().getByRole('status')
  }

  hostKeyDialog(): Locator {
    return this.page.getByRole('dialog', { name: /first connection/i })
  }
}
