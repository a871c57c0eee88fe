import { expect, type Locator, type Page } from '@playwright/test'

/** The topology screen as a user sees it: nodes are buttons named after the node. */
export class TopologyPage {
  constructor(readonly page: Page) {}

  async open(url: string): Promise<void> {
    await this.page.goto(url)
    await expect(this.page.getByRole('region', { name: 'Topology map' })).toBeVisible()
  }

  node(name: string): Locator {
    return this.page.getByRole('button', { name: new RegExp(`^${escape(name)},`) })
  }

  /** Opens a node's details from the keyboard: a host's centre is covered by its containers. */
  async select(name: string): Promise<Locator> {
    await this.node(name).focus()
    await this.page.keyboard.press('Enter')
    const details = this.details(name)
    await expect(details).toBeVisible()
    return details
  }

  details(name: string): Locator {
    return this.page.getByRole('complementary', { name: `Details of ${name}` })
  }

  problems(): Locator {
    return this.page.getByRole('alert').filter({ hasText: 'The inventory file has' })
  }

  async openPalette(): Promise<Locator> {
    await this.page.keyboard.press('Control+k')
    const palette = this.page.getByRole('dialog', { name: 'Command palette' })
    await expect(palette).toBeVisible()
    return palette
  }
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}
