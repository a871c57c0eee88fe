import { describe, expect, it } from 'vitest'
import { Inventory, type InventoryInput } from '../../../src-shared/inventory'
import type { OllamaEndpoint } from '../../../src-shared/ollama'
import { useTempDatabase } from '../../testing/temp-database'
import { OllamaEndpoints } from './endpoints'

const temp = useTempDatabase()

function inventory(nodes: InventoryInput['nodes']): Inventory {
  return Inventory.parse({ name: 'lab', nodes })
}

const lab = inventory([
  {
    id: 'pi-primary',
    name: 'Pi Primary',
    host: '192.168.1.20',
    services: [
      { id: 'ollama', name: 'Ollama', kind: 'ollama', url: 'http://192.168.1.20:11434/' },
      { id: 'web', kind: 'http', url: 'http://192.168.1.20/' }
    ]
  },
  { id: 'gpu-pc', name: 'GPU PC', host: '192.168.1.30', services: [{ id: 'llm', kind: 'ollama', url: 'http://192.168.1.30:11434' }] },
  { id: 'old-box', name: 'Old box', host: '192.168.1.40', disabled: true, services: [{ id: 'ollama', kind: 'ollama', url: 'http://192.168.1.40:11434' }] }
])

function openEndpoints(): { endpoints: OllamaEndpoints; changes: OllamaEndpoint[][] } {
  const changes: OllamaEndpoint[][] = []
  return { endpoints: new OllamaEndpoints(temp.open(), (list) => changes.push(list)), changes }
}

describe('the Ollama endpoints', () => {
  it("lists every ollama service of the inventory's reachable nodes, named by node and service", () => {
    const { endpoints, changes } = openEndpoints()
    endpoints.apply(lab)
    expect(endpoints.list()).toEqual([
      { id: 'pi-primary/ollama', name: 'Pi Primary › Ollama', url: 'http://192.168.1.20:11434', nodeId: 'pi-primary', adhoc: false },
      { id: 'gpu-pc/llm', name: 'GPU PC › llm', url: 'http://192.168.1.30:11434', nodeId: 'gpu-pc', adhoc: false }
    ])
    expect(changes).toEqual([endpoints.list()])
  })

  it('tells only when the inventory changes its endpoints', () => {
    const { endpoints, changes } = openEndpoints()
    endpoints.apply(lab)
    endpoints.apply(inventory([...lab.nodes]))
    expect(changes).toHaveLength(1)
    endpoints.apply(inventory(lab.nodes.filter((node) => node.id !== 'gpu-pc')))
    expect(changes).toHaveLength(2)
    expect(changes[1]!.map((endpoint) => endpoint.id)).toEqual(['pi-primary/ollama'])
    expect(() => endpoints.get('gpu-pc/llm')).toThrow('there is no Ollama endpoint "gpu-pc/llm"')
  })

  it('adds URLs after the inventory ones, keeps them across restarts and removes them', () => {
    const { endpoints, changes } = openEndpoints()
    endpoints.apply(lab)
    const laptop = endpoints.add('http://10.0.0.5:11434/', 'Laptop')
    const unnamed = endpoints.add('https://llm.example.org', '  ')
    expect(laptop).toEqual({ id: 'adhoc-1', name: 'Laptop', url: 'http://10.0.0.5:11434', nodeId: null, adhoc: true })
    expect(unnamed).toEqual({ id: 'adhoc-2', name: 'llm.example.org', url: 'https://llm.example.org', nodeId: null, adhoc: true })
    expect(endpoints.list().map((endpoint) => endpoint.id)).toEqual(['pi-primary/ollama', 'gpu-pc/llm', 'adhoc-1', 'adhoc-2'])
    expect(changes.at(-1)).toEqual(endpoints.list())

    const restarted = new OllamaEndpoints(temp.open(), () => undefined)
    expect(restarted.list()).toEqual([laptop, unnamed])

    endpoints.remove('adhoc-1')
    expect(endpoints.list().map((endpoint) => endpoint.id)).toEqual(['pi-primary/ollama', 'gpu-pc/llm', 'adhoc-2'])
    expect(changes.at(-1)).toEqual(endpoints.list())
    // A removed URL's id is not given to the next one: a conversation naming it must not move to another server.
    expect(endpoints.add('http://10.0.0.6:11434').id).toBe('adhoc-3')
  })

  it('refuses a URL already listed, and removing an endpoint of the inventory', () => {
    const { endpoints } = openEndpoints()
    endpoints.apply(lab)
    expect(() => endpoints.add('http://192.168.1.20:11434')).toThrow('http://192.168.1.20:11434 is already listed as Pi Primary › Ollama')
    endpoints.add('http://10.0.0.5:11434')
    expect(() => endpoints.add('http://10.0.0.5:11434/')).toThrow('is already listed as 10.0.0.5:11434')
    expect(() => endpoints.remove('pi-primary/ollama')).toThrow('Pi Primary › Ollama comes from the inventory')
    expect(() => endpoints.remove('adhoc-99')).toThrow('there is no Ollama endpoint "adhoc-99"')
  })
})
