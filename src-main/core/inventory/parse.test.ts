import { describe, expect, it } from 'vitest'
import type { InventoryProblem } from '../../../src-shared/contract'
import type { Inventory } from '../../../src-shared/inventory'
import { parseInventory } from './parse'

const file = '/lab/inventory.yaml'

/** Joins lines, so that a test's line numbers can be read off the array. */
function yaml(...lines: string[]): string {
  return `${lines.join('\n')}\n`
}

function parsed(text: string): Inventory {
  const result = parseInventory(text, file)
  if (!result.ok) throw new Error(`expected a valid inventory, got ${JSON.stringify(result.problems, null, 2)}`)
  return result.inventory
}

function problems(text: string): readonly InventoryProblem[] {
  const result = parseInventory(text, file)
  if (result.ok) throw new Error('expected problems, the inventory parsed')
  expect(result.problems.length).toBeGreaterThan(0)
  for (const problem of result.problems) expect(problem.file).toBe(file)
  return result.problems
}

/** The one problem at `path`; fails when there is none or several. */
function problemAt(text: string, path: string): InventoryProblem {
  const found = problems(text).filter((problem) => problem.path === path)
  expect(found, `problems at ${path}`).toHaveLength(1)
  return found[0] as InventoryProblem
}

/** A node in block style, services and extras indented under it. */
const nodeA = ['  - id: a', '    name: A', '    host: 10.0.0.1']

describe('parseInventory', () => {
  describe('a valid inventory', () => {
    it('parses and fills in the defaults', () => {
      const inventory = parsed(
        yaml(
          'name: Lab',
          'nodes:',
          ...nodeA,
          '    ssh: { user: pi }',
          '  - { id: b, name: B, host: 10.0.0.2, parent: a, metrics: none }',
          'links:',
          '  - { from: a, to: b, label: lan }'
        )
      )
      expect(inventory.name).toBe('Lab')
      const [a, b] = inventory.nodes
      expect(a).toEqual({ id: 'a', name: 'A', host: '10.0.0.1', ssh: { user: 'pi', port: 22 }, metrics: 'ssh', services: [] })
      expect(b?.parent).toBe('a')
      expect(b?.metrics).toBe('none')
      expect(inventory.links).toEqual([{ from: 'a', to: 'b', label: 'lan' }])
    })

    it('defaults links to an empty list and service ports to their usual values', () => {
      const inventory = parsed(
        yaml('name: Lab', 'nodes:', ...nodeA, '    services:', '      - { id: mc, kind: minecraft, rcon: { password: "env:MC_RCON" } }')
      )
      expect(inventory.links).toEqual([])
      expect(inventory.nodes[0]?.services[0]).toEqual({
        id: 'mc',
        kind: 'minecraft',
        port: 25565,
        rcon: { port: 25575, password: 'env:MC_RCON' }
      })
    })
  })

  describe('YAML syntax errors', () => {
    it('reports an unclosed flow map at the line and column where YAML gives up, with no path', () => {
      const text = yaml('name: Lab', 'nodes:', '  - { id: a, name: A, host: h', '  - { id: b, name: B, host: h }')
      const [problem] = problems(text)
      expect(problem).toMatchObject({ line: 4, column: 3, path: null })
      expect(problem?.message).toMatch(/flow map/i)
    })

    it('reports a badly indented line at that line', () => {
      const text = yaml('name: Lab', 'nodes:', '  - id: a', '    name: A', '   host: h')
      const [problem] = problems(text)
      expect(problem).toMatchObject({ line: 5, column: 1, path: null })
    })

    it('reports a second colon in a plain value at its column', () => {
      const text = yaml('name: Lab', 'nodes:', '  - id: a', '    name: A: B', '    host: h')
      const [problem] = problems(text)
      expect(problem).toMatchObject({ line: 4, column: 11, path: null })
    })

    it('keeps only the first line of a multi-line YAML message', () => {
      for (const problem of problems(yaml('name: "Lab', 'nodes: []'))) expect(problem.message).not.toContain('\n')
    })

    it('reports a duplicate key at the second occurrence', () => {
      const text = yaml('name: Lab', 'name: Other', 'nodes:', ...nodeA)
      const [problem] = problems(text)
      expect(problem).toMatchObject({ line: 2, column: 1, path: null })
      expect(problem?.message).toMatch(/unique/i)
    })
  })

  describe('schema errors', () => {
    it('points at a port of 70000 with its line, column and dotted path', () => {
      const text = yaml('name: Lab', 'nodes:', ...nodeA, '    services:', '      - { id: t, kind: tcp, port: 70000 }')
      const problem = problemAt(text, 'nodes.0.services.0.port')
      expect(problem).toMatchObject({ line: 7, column: 35 })
      expect(problem.message).toMatch(/65535/)
    })

    it('points at a port written as text with its line, column and dotted path', () => {
      const text = yaml('name: Lab', 'nodes:', ...nodeA, '    ssh:', '      port: abc')
      expect(problemAt(text, 'nodes.0.ssh.port')).toMatchObject({ line: 7, column: 13 })
    })

    it('names a missing required field and points at the map that lacks it', () => {
      const text = yaml('name: Lab', 'nodes:', '  - id: a', '    host: h')
      const problem = problemAt(text, 'nodes.0.name')
      expect(problem).toMatchObject({ line: 3, column: 5 })
      expect(problem.message).toBe('"name" is required (string)')
    })

    it('points an unknown field at its key', () => {
      const text = yaml('name: Lab', 'nodes:', ...nodeA, '    colour: red')
      const problem = problemAt(text, 'nodes.0')
      expect(problem).toMatchObject({ line: 6, column: 5, message: 'unknown field "colour"' })
    })

    it('points an unknown field inside a flow map at its key', () => {
      const text = yaml('name: Lab', 'nodes:', ...nodeA, '    ssh: { user: pi, colour: red }')
      const problem = problemAt(text, 'nodes.0.ssh')
      expect(problem).toMatchObject({ line: 6, column: 22, message: 'unknown field "colour"' })
    })

    it('rejects an id that is not lowercase letters, digits and dashes', () => {
      const text = yaml('name: Lab', 'nodes:', '  - { id: Pi_1, name: A, host: h }')
      expect(problemAt(text, 'nodes.0.id').line).toBe(3)
    })
  })

  describe('secrets', () => {
    it('rejects a clear-text RCON password and says how to reference one', () => {
      const text = yaml('name: Lab', 'nodes:', ...nodeA, '    services:', '      - { id: mc, kind: minecraft, rcon: { password: hunter2 } }')
      const problem = problemAt(text, 'nodes.0.services.0.rcon.password')
      expect(problem.line).toBe(7)
      expect(problem.message).toContain('env:')
      expect(problem.message).toContain('secret:')
    })

    it('rejects a clear-text SSH password and says how to reference one', () => {
      const text = yaml('name: Lab', 'nodes:', ...nodeA, '    ssh: { password: hunter2 }')
      const problem = problemAt(text, 'nodes.0.ssh.password')
      expect(problem.line).toBe(6)
      expect(problem.message).toContain('env:')
      expect(problem.message).toContain('secret:')
    })

    it('accepts env: and secret: references', () => {
      const inventory = parsed(
        yaml(
          'name: Lab',
          'nodes:',
          ...nodeA,
          '    ssh: { password: "secret:pi-login" }',
          '    services:',
          '      - { id: mc, kind: minecraft, rcon: { password: env:MC_RCON } }'
        )
      )
      expect(inventory.nodes[0]?.ssh?.password).toBe('secret:pi-login')
      const service = inventory.nodes[0]?.services[0]
      expect(service?.kind === 'minecraft' ? service.rcon?.password : undefined).toBe('env:MC_RCON')
    })
  })

  describe('references between nodes', () => {
    it('rejects a node id used twice at the second node', () => {
      const text = yaml('name: Lab', 'nodes:', '  - { id: a, name: A, host: h }', '  - { id: a, name: A2, host: h }')
      const problem = problemAt(text, 'nodes.1.id')
      expect(problem.line).toBe(4)
      expect(problem.message).toBe('node id "a" is used twice')
    })

    it('rejects a service id used twice on one node, but not on two nodes', () => {
      const text = yaml(
        'name: Lab',
        'nodes:',
        ...nodeA,
        '    services:',
        '      - { id: web, kind: tcp, port: 80 }',
        '      - { id: web, kind: tcp, port: 8080 }'
      )
      const problem = problemAt(text, 'nodes.0.services.1.id')
      expect(problem.line).toBe(8)
      expect(problem.message).toBe('service id "web" is used twice on node "a"')

      parsed(
        yaml(
          'name: Lab',
          'nodes:',
          '  - { id: a, name: A, host: h, services: [{ id: web, kind: tcp, port: 80 }] }',
          '  - { id: b, name: B, host: h, services: [{ id: web, kind: tcp, port: 80 }] }'
        )
      )
    })

    it('rejects a parent that is not a node', () => {
      const text = yaml('name: Lab', 'nodes:', '  - { id: a, name: A, host: h, parent: ghost }')
      const problem = problemAt(text, 'nodes.0.parent')
      expect(problem.line).toBe(3)
      expect(problem.message).toBe('parent "ghost" is not a node of this inventory')
    })

    it('rejects a jump host that is not a node', () => {
      const text = yaml('name: Lab', 'nodes:', ...nodeA, '    ssh: { jump: bastion }')
      const problem = problemAt(text, 'nodes.0.ssh.jump')
      expect(problem.line).toBe(6)
      expect(problem.message).toBe('jump host "bastion" is not a node of this inventory')
    })

    it('rejects a link to a node that does not exist', () => {
      const text = yaml('name: Lab', 'nodes:', ...nodeA, 'links:', '  - { from: a, to: ghost }')
      const problem = problemAt(text, 'links.0.to')
      expect(problem.line).toBe(7)
      expect(problem.message).toBe('link to "ghost" is not a node of this inventory')
    })

    it('rejects a parent cycle on every node in it', () => {
      const text = yaml('name: Lab', 'nodes:', '  - { id: a, name: A, host: h, parent: b }', '  - { id: b, name: B, host: h, parent: a }')
      expect(problemAt(text, 'nodes.0.parent')).toMatchObject({ line: 3, message: 'node "a" is inside itself through its parents' })
      expect(problemAt(text, 'nodes.1.parent')).toMatchObject({ line: 4, message: 'node "b" is inside itself through its parents' })
    })

    it('rejects a node that is its own parent', () => {
      const text = yaml('name: Lab', 'nodes:', '  - { id: a, name: A, host: h, parent: a }')
      expect(problemAt(text, 'nodes.0.parent').message).toBe('node "a" is inside itself through its parents')
    })
  })

  describe('files that are not an inventory', () => {
    it('gives problems for an empty file instead of throwing', () => {
      for (const text of ['', '\n', '# only a comment\n']) {
        expect(problems(text)[0]?.message).toBe('an inventory is a YAML mapping with name, nodes and links')
      }
    })

    it('gives a problem for a YAML list', () => {
      expect(problems(yaml('- a', '- b'))[0]).toMatchObject({ line: 1, column: 1, path: null })
    })

    it('gives a problem for a scalar', () => {
      expect(problems(yaml('hello'))[0]).toMatchObject({ line: 1, column: 1, path: null })
    })

    it('requires at least one node', () => {
      expect(problemAt(yaml('name: Lab', 'nodes: []'), 'nodes').message).toBe('an inventory needs at least one node')
    })
  })

  describe('metrics', () => {
    it('accepts a Prometheus URL, quoted or not', () => {
      const plain = parsed(yaml('name: Lab', 'nodes:', ...nodeA, '    metrics: prometheus:http://127.0.0.1:9090'))
      expect(plain.nodes[0]?.metrics).toBe('prometheus:http://127.0.0.1:9090')
      const quoted = parsed(yaml('name: Lab', 'nodes:', '  - { id: a, name: A, host: h, metrics: "prometheus:https://prom.lan/" }'))
      expect(quoted.nodes[0]?.metrics).toBe('prometheus:https://prom.lan/')
    })

    it('rejects an unknown metrics source at its line, saying what it may be', () => {
      const problem = problemAt(yaml('name: Lab', 'nodes:', ...nodeA, '    metrics: grafana'), 'nodes.0.metrics')
      expect(problem.line).toBe(6)
      expect(problem.message).toBe('metrics is "ssh", "local", "none" or "prometheus:<url>"')
    })

    it('rejects prometheus: without an http URL', () => {
      problemAt(yaml('name: Lab', 'nodes:', ...nodeA, '    metrics: "prometheus:ftp://host"'), 'nodes.0.metrics')
    })
  })

  describe('hostile or mistyped input', () => {
    it('reports a value of the wrong type as such, not as missing', () => {
      const problem = problemAt(yaml('name: Lab', 'nodes:', ...nodeA, '    ssh:', '      port: abc'), 'nodes.0.ssh.port')
      expect(problem.line).toBe(7)
      expect(problem.message).not.toMatch(/required/)
    })

    it('turns an alias bomb into a problem instead of throwing', () => {
      const lines = ['a0: &a0 [x, x, x, x, x, x, x, x, x, x]']
      for (let level = 1; level < 8; level++) lines.push(`a${level}: &a${level} [${Array(10).fill(`*a${level - 1}`).join(', ')}]`)
      const result = parseInventory(yaml(...lines), file)
      expect(result.ok).toBe(false)
      expect(!result.ok && result.problems[0]?.message).toMatch(/alias/i)
    })
  })
})
