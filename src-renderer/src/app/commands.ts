import type { ExampleSummary, InventoryState } from '../../../src-shared/contract'
import { sections } from './sections'

export interface Command {
  readonly id: string
  readonly label: string
  readonly hint?: string
  readonly run: () => void
}

export interface CommandActions {
  go(section: (typeof sections)[number]['id']): void
  showNode(nodeId: string): void
  openTerminal(nodeId: string): void
  openCharts(nodeId: string): void
  reload(): void
  openExample(id: string): void
  importSshConfig(): void
}

/** Every command the palette offers for the current inventory. */
export function buildCommands(
  state: InventoryState | null,
  examples: readonly ExampleSummary[],
  actions: CommandActions
): Command[] {
  const commands: Command[] = sections.map((section) => ({
    id: `go:${section.id}`,
    label: `Go to ${section.label}`,
    hint: `Ctrl+${section.shortcut}`,
    run: () => actions.go(section.id)
  }))
  for (const node of state?.inventory.nodes ?? []) {
    commands.push({ id: `node:${node.id}`, label: `Show node ${node.name}`, hint: node.host, run: () => actions.showNode(node.id) })
  }
  for (const node of state?.inventory.nodes ?? []) {
    if (node.disabled) continue
    commands.push({ id: `terminal:${node.id}`, label: `Open terminal on ${node.name}`, hint: node.host, run: () => actions.openTerminal(node.id) })
  }
  const dashboard = sections.find((section) => section.id === 'dashboard')
  commands.push({ id: 'dashboard:open', label: 'Open dashboard', hint: dashboard && `Ctrl+${dashboard.shortcut}`, run: () => actions.go('dashboard') })
  for (const node of state?.inventory.nodes ?? []) {
    if (node.disabled) continue
    commands.push({ id: `charts:${node.id}`, label: `Open charts of ${node.name}`, hint: node.host, run: () => actions.openCharts(node.id) })
  }
  commands.push({ id: 'inventory:reload', label: 'Reload inventory', run: actions.reload })
  commands.push({ id: 'ssh:import-config', label: 'Import hosts from ~/.ssh/config', run: actions.importSshConfig })
  if (state?.source.kind === 'default') {
    for (const example of examples) {
      commands.push({ id: `example:${example.id}`, label: `Open example ${example.name}`, run: () => actions.openExample(example.id) })
    }
  }
  return commands
}

/** Every word typed must appear in the label, in any order. */
export function matchCommands(commands: readonly Command[], query: string): Command[] {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean)
  return commands.filter((command) => {
    const label = command.label.toLowerCase()
    return words.every((word) => label.includes(word))
  })
}
