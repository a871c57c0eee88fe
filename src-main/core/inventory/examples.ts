import { readdir, readFile } from 'node:fs/promises'
import { basename, join } from 'node:path'
import type { ExampleSummary } from '../../../src-shared/contract'
import { parseInventory } from './parse'

export interface Example {
  readonly summary: ExampleSummary
  readonly text: string
}

/** The example homelabs shipped in resources/examples, one YAML file each. */
export async function loadExamples(directory: string): Promise<readonly Example[]> {
  const files = (await readdir(directory)).filter((file) => file.endsWith('.yaml')).sort()
  const examples: Example[] = []
  for (const file of files) {
    const path = join(directory, file)
    const text = await readFile(path, 'utf8')
    const parsed = parseInventory(text, path)
    if (!parsed.ok) {
      const [first] = parsed.problems
      throw new Error(`example ${file} is invalid at line ${first?.line}: ${first?.message}`)
    }
    const { inventory } = parsed
    examples.push({
      text,
      summary: {
        id: basename(file, '.yaml'),
        name: inventory.name,
        description: inventory.description ?? '',
        nodeCount: inventory.nodes.length,
        serviceCount: inventory.nodes.reduce((sum, node) => sum + node.services.length, 0)
      }
    })
  }
  return examples
}
