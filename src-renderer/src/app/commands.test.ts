import { describe, expect, it } from 'vitest'
import type { ExampleSummary, InventoryState } from '../../../src-shared/contract'
import { Inventory, defaultInventory } from '../../../src-shared/inventory'
import { buildCommands, matchCommands, type Command, type CommandActions } from './commands'
import { sections } from './sections'

const lab = Inventory.parse({
  name: 'Lab',
  nodes: [
    { id: 'pi-lb', name: 'Load Balancer', host: '10.0.0.1' },
    { id: 'pi-db', name: 'Database', host: '10.0.0.2' }
  ]
})

const examples: ExampleSummary[] = [
  { id: 'pi-cluster', name: 'Pi cluster', description: 'Four Pis', nodeCount: 4, serviceCount: 10 },
  { id: 'proxmox', name: 'Proxmox homelab', description: 'Three hosts', nodeCount: 12, serviceCount: 11 }
]

function state(kind: 'default' | 'file', inventory: Inventory = lab): InventoryState {
  return { inventory, source: { kind, path: '/data/inventory.yaml' }, problems: [], loadedAt: 0 }
}

/** Actions that record each call as "name(argument)". */
function recordingActions(): { actions: CommandActions; calls: string[] } {
  const calls: string[] = []
  return {
    calls,
    actions: {
      go: (section) => calls.push(`go(${section})`),
      showNode: (nodeId) => calls.push(`showNode(${nodeId})`),
      openTerminal: (nodeId) => calls.push(`openTerminal(${nodeId})`),
      openCharts: (nodeId) => calls.push(`openCharts(${nodeId})`),
      reload: () => calls.push('reload()'),
      openExample: (id) => calls.push(`openExample(${id})`),
      importSshConfig: () => calls.push('importSshConfig()')
    }
  }
}

function find(commands: readonly Command[], label: string): Command {
  const command = commands.find((candidate) => candidate.label === label)
  if (!command) throw new Error(`no command "${label}" in ${JSON.stringify(commands.map((c) => c.label))}`)
  return command
}

describe('buildCommands', () => {
  it('offers one "Go to" command per section, with its shortcut', () => {
    const commands = buildCommands(null, [], recordingActions().actions)
    const goTo = commands.filter((command) => command.id.startsWith('go:'))
    expect(goTo.map(({ label, hint }) => ({ label, hint }))).toEqual(
      sections.map((section) => ({ label: `Go to ${section.label}`, hint: `Ctrl+${section.shortcut}` }))
    )
  })

  it('offers one "Show node" command per node, hinted with its host', () => {
    const commands = buildCommands(state('file'), examples, recordingActions().actions)
    const nodes = commands.filter((command) => command.id.startsWith('node:'))
    expect(nodes.map(({ id, label, hint }) => ({ id, label, hint }))).toEqual([
      { id: 'node:pi-lb', label: 'Show node Load Balancer', hint: '10.0.0.1' },
      { id: 'node:pi-db', label: 'Show node Database', hint: '10.0.0.2' }
    ])
  })

  it('offers "Open terminal on" for every node that is not disabled', () => {
    const planned = Inventory.parse({ ...lab, nodes: [...lab.nodes, { id: 'pi-new', name: 'New Pi', host: '10.0.0.9', disabled: true }] })
    const { actions, calls } = recordingActions()
    const commands = buildCommands(state('file', planned), examples, actions)
    const terminals = commands.filter((command) => command.id.startsWith('terminal:'))
    expect(terminals.map(({ id, label, hint }) => ({ id, label, hint }))).toEqual([
      { id: 'terminal:pi-lb', label: 'Open terminal on Load Balancer', hint: '10.0.0.1' },
      { id: 'terminal:pi-db', label: 'Open terminal on Database', hint: '10.0.0.2' }
    ])
    find(commands, 'Open terminal on Database').run()
    expect(calls).toEqual(['openTerminal(pi-db)'])
  })

  it('offers "Open dashboard" and "Open charts of" for every node that is not disabled', () => {
    const planned = Inventory.parse({ ...lab, nodes: [...lab.nodes, { id: 'pi-new', name: 'New Pi', host: '10.0.0.9', disabled: true }] })
    const { actions, calls } = recordingActions()
    const commands = buildCommands(state('file', planned), examples, actions)
    const charts = commands.filter((command) => command.id.startsWith('charts:'))
    expect(charts.map(({ id, label, hint }) => ({ id, label, hint }))).toEqual([
      { id: 'charts:pi-lb', label: 'Open charts of Load Balancer', hint: '10.0.0.1' },
      { id: 'charts:pi-db', label: 'Open charts of Database', hint: '10.0.0.2' }
    ])
    find(commands, 'Open charts of Load Balancer').run()
    find(commands, 'Open dashboard').run()
    expect(calls).toEqual(['openCharts(pi-lb)', 'go(dashboard)'])
    expect(find(commands, 'Open dashboard').hint).toBe('Ctrl+3')
  })

  it('offers no node commands before the inventory has loaded, but still sections and reload', () => {
    const labels = buildCommands(null, examples, recordingActions().actions).map((command) => command.label)
    expect(labels.filter((label) => label.startsWith('Show node') || label.startsWith('Open charts'))).toEqual([])
    expect(labels.filter((label) => label.startsWith('Open example'))).toEqual([])
    expect(labels).toContain('Reload inventory')
    expect(labels).toContain('Import hosts from ~/.ssh/config')
    expect(labels).toContain('Go to Topology')
  })

  it('offers the examples only while the console shows the default inventory', () => {
    const fromDefault = buildCommands(state('default', defaultInventory), examples, recordingActions().actions)
    expect(fromDefault.filter((command) => command.id.startsWith('example:')).map((command) => command.label)).toEqual([
      'Open example Pi cluster',
      'Open example Proxmox homelab'
    ])
    const fromFile = buildCommands(state('file'), examples, recordingActions().actions)
    expect(fromFile.some((command) => command.id.startsWith('example:'))).toBe(false)
  })

  it('gives every command a distinct id', () => {
    const commands = buildCommands(state('default'), examples, recordingActions().actions)
    expect(new Set(commands.map((command) => command.id)).size).toBe(commands.length)
  })

  it('runs the action each command names', () => {
    const { actions, calls } = recordingActions()
    const commands = buildCommands(state('default'), examples, actions)
    find(commands, 'Go to Settings').run()
    find(commands, 'Go to Topology').run()
    find(commands, 'Show node Database').run()
    find(commands, 'Reload inventory').run()
    find(commands, 'Open example Proxmox homelab').run()
    find(commands, 'Import hosts from ~/.ssh/config').run()
    expect(calls).toEqual(['go(settings)', 'go(topology)', 'showNode(pi-db)', 'reload()', 'openExample(proxmox)', 'importSshConfig()'])
  })
})

describe('matchCommands', () => {
  const commands = buildCommands(state('default'), examples, recordingActions().actions)
  const labels = (query: string) => matchCommands(commands, query).map((command) => command.label)

  it('returns every command for an empty or blank query', () => {
    expect(labels('')).toHaveLength(commands.length)
    expect(labels('   ')).toHaveLength(commands.length)
  })

  it('ignores case', () => {
    expect(labels('DATABASE')).toEqual(['Show node Database', 'Open terminal on Database', 'Open charts of Database'])
    expect(labels('load balancer')).toEqual(['Show node Load Balancer', 'Open terminal on Load Balancer', 'Open charts of Load Balancer'])
  })

  it('requires every word, in any order', () => {
    expect(labels('balancer show')).toEqual(['Show node Load Balancer'])
    expect(labels('node show')).toEqual(['Show node Load Balancer', 'Show node Database'])
    expect(labels('show node nowhere')).toEqual([])
  })

  it('matches words inside words and tolerates extra spaces', () => {
    expect(labels('  prox   exam ')).toEqual(['Open example Proxmox homelab'])
    expect(labels('go top')).toEqual(['Go to Topology'])
  })
})
