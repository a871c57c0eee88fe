import { readdirSync, readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { parse } from 'yaml'
import { describe, expect, it } from 'vitest'
import { defaultInventory } from '../../../src-shared/inventory'
import { addNodesToYaml, inventoryTextWithNodes, type NodeInput } from './add-nodes'
import { parseInventory } from './parse'

const examplesDir = resolve(import.meta.dirname, '../../../resources/examples')

const commented = `# My lab — hand written.
name: Lab # the title
nodes:
  # the router first
  - id: router
    name: Router
    host: 10.0.0.1
    description: >-
      A long folded description that goes on past the usual line width of a YAML
      printer, so that printing the document again would wrap it differently.
    # more about the router later

# links are drawn as edges
links: []
`

const pi: NodeInput = { id: 'pi', name: 'pi', host: '10.0.0.5', role: 'server', ssh: { user: 'pi', port: 22, key: '~/.ssh/id_ed25519' } }
const gate: NodeInput = { id: 'gate', name: 'gate', host: 'gate.example.org', role: 'server', ssh: { port: 2222 }, services: [], metrics: 'ssh' }

/** True when `text` is `original` with one run of characters inserted somewhere. */
function onlyInserted(original: string, text: string): boolean {
  let prefix = 0
  while (prefix < original.length && original[prefix] === text[prefix]) prefix++
  let suffix = 0
  while (suffix < original.length - prefix && original.at(-1 - suffix) === text.at(-1 - suffix)) suffix++
  return prefix + suffix === original.length && text.length > original.length
}

function valid(text: string) {
  const parsed = parseInventory(text, 'inventory.yaml')
  if (!parsed.ok) throw new Error(parsed.problems.map((problem) => problem.message).join('; '))
  return parsed.inventory
}

describe('addNodesToYaml', () => {
  it('appends after the last node and leaves every existing line as it was', () => {
    const text = addNodesToYaml(commented, [pi, gate])
    const [head, tail] = [commented.slice(0, commented.indexOf('\n\n# links')), commented.slice(commented.indexOf('\n\n# links'))]
    expect(text.startsWith(head)).toBe(true)
    expect(text.endsWith(tail)).toBe(true)
    expect(text.slice(head.length, text.length - tail.length)).toBe(`
  - id: pi
    name: pi
    host: 10.0.0.5
    role: server
    ssh:
      user: pi
      key: ~/.ssh/id_ed25519
  - id: gate
    name: gate
    host: gate.example.org
    role: server
    ssh:
      port: 2222`)
    expect(valid(text).nodes.map((node) => node.id)).toEqual(['router', 'pi', 'gate'])
  })

  it('writes one-line maps when the nodes are written that way', () => {
    const text = addNodesToYaml('name: Lab\nnodes:\n- { id: a, name: A, host: h }\n# end\n', [gate])
    expect(text).toBe('name: Lab\nnodes:\n- { id: a, name: A, host: h }\n- { id: gate, name: gate, host: gate.example.org, role: server, ssh: { port: 2222 } }\n# end\n')
    valid(text)
  })

  it('writes no schema defaults, but keeps ssh: {} that says "reached over SSH"', () => {
    const text = addNodesToYaml('name: Lab\nnodes:\n  - { id: a, name: A, host: h }', [
      { id: 'b', name: 'B', host: 'b', ssh: { port: 22 }, metrics: 'ssh', services: [], wol: { mac: 'd8:3a:dd:00:00:01', port: 9 } }
    ])
    expect(text).toBe('name: Lab\nnodes:\n  - { id: a, name: A, host: h }\n  - { id: b, name: B, host: b, ssh: {}, wol: { mac: d8:3a:dd:00:00:01 } }\n')
    expect(valid(text).nodes[1]?.wol).toEqual({ mac: 'd8:3a:dd:00:00:01', broadcast: '255.255.255.255', port: 9 })
  })

  it('keeps every shipped example byte for byte', () => {
    for (const file of readdirSync(examplesDir)) {
      const original = readFileSync(join(examplesDir, file), 'utf8')
      const text = addNodesToYaml(original, [{ ...pi, id: 'imported-pi' }])
      expect(onlyInserted(original, text), file).toBe(true)
      const before = valid(original)
      const after = valid(text)
      expect(after.nodes, file).toEqual([...before.nodes, expect.objectContaining({ id: 'imported-pi' })])
      expect(after.links, file).toEqual(before.links)
    }
  })

  it('edits the document when the list is a flow sequence, keeping comments', () => {
    const text = addNodesToYaml('# lab\nname: Lab\nnodes: [{ id: a, name: A, host: h }] # all of them\n', [pi])
    expect(text).toMatch(/^# lab\n/)
    expect(text).toContain('# all of them')
    expect(valid(text).nodes.map((node) => node.id)).toEqual(['a', 'pi'])
  })

  it('adds a nodes list to a file that has none', () => {
    const text = addNodesToYaml('# lab\nname: Lab\n', [pi])
    expect(valid(text).nodes.map((node) => node.id)).toEqual(['pi'])
  })

  it('refuses broken YAML, a nodes field that is not a list and an invalid node', () => {
    expect(() => addNodesToYaml('name: [Lab\n', [pi])).toThrow(/not valid YAML/)
    expect(() => addNodesToYaml('name: Lab\nnodes: many\n', [pi])).toThrow(/"nodes" in the inventory is not a list/)
    expect(() => addNodesToYaml('name: Lab\nnodes: []\n', [{ ...pi, id: 'Not An Id' }])).toThrow(/node "Not An Id" is invalid: id/)
  })
})

describe('inventoryTextWithNodes', () => {
  it('starts from the base inventory and writes it without defaults', () => {
    const text = inventoryTextWithNodes(defaultInventory, [pi])
    expect(parse(text)).toEqual({
      name: 'This PC',
      nodes: [
        { id: 'this-pc', name: 'This PC', host: 'localhost', role: 'pc', local: true, metrics: 'local' },
        { id: 'pi', name: 'pi', host: '10.0.0.5', role: 'server', ssh: { user: 'pi', key: '~/.ssh/id_ed25519' } }
      ]
    })
    expect(valid(text).nodes).toHaveLength(2)
  })
})
