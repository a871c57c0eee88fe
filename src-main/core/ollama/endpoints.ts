import type { Inventory } from '../../../src-shared/inventory'
import type { OllamaEndpoint } from '../../../src-shared/ollama'
import type { StoreDatabase } from '../store/database'

interface AdhocRow {
  readonly id: number
  readonly url: string
  readonly name: string
}

const adhocPrefix = 'adhoc-'

/**
 * The Ollama servers the playground can talk to: every `kind: ollama` service of the inventory,
 * then the URLs the user added (kept in the database). Tells `onChange` whenever the list changes.
 */
export class OllamaEndpoints {
  private fromInventory: OllamaEndpoint[] = []
  private adhoc: OllamaEndpoint[]
  private readonly selectAdhoc
  private readonly insertAdhoc
  private readonly deleteAdhoc

  constructor(
    db: StoreDatabase,
    private readonly onChange: (endpoints: OllamaEndpoint[]) => void,
    private readonly now: () => number = Date.now
  ) {
    this.selectAdhoc = db.prepare<[], AdhocRow>('SELECT id, url, name FROM ollama_endpoints ORDER BY id')
    this.insertAdhoc = db.prepare<[string, string, number]>('INSERT INTO ollama_endpoints (url, name, created_at) VALUES (?, ?, ?)')
    this.deleteAdhoc = db.prepare<[number]>('DELETE FROM ollama_endpoints WHERE id = ?')
    this.adhoc = this.readAdhoc()
  }

  list(): OllamaEndpoint[] {
    return [...this.fromInventory, ...this.adhoc]
  }

  /** The endpoint with this id, or an error saying it is gone. */
  get(id: string): OllamaEndpoint {
    const endpoint = this.list().find((candidate) => candidate.id === id)
    if (!endpoint) throw new Error(`there is no Ollama endpoint "${id}": it is not in the inventory or among the added URLs`)
    return endpoint
  }

  apply(inventory: Inventory): void {
    const next = inventoryEndpoints(inventory)
    if (JSON.stringify(next) === JSON.stringify(this.fromInventory)) return
    this.fromInventory = next
    this.onChange(this.list())
  }

  add(url: string, name?: string): OllamaEndpoint {
    const clean = normalizeUrl(url)
    const existing = this.list().find((endpoint) => normalizeUrl(endpoint.url) === clean)
    if (existing) throw new Error(`${clean} is already listed as ${existing.name}`)
    const { lastInsertRowid } = this.insertAdhoc.run(clean, name?.trim() || new URL(clean).host, this.now())
    this.adhoc = this.readAdhoc()
    this.onChange(this.list())
    return this.get(`${adhocPrefix}${lastInsertRowid}`)
  }

  remove(id: string): void {
    const endpoint = this.get(id)
    if (!endpoint.adhoc) throw new Error(`${endpoint.name} comes from the inventory: remove its service from the inventory file instead`)
    this.deleteAdhoc.run(Number(id.slice(adhocPrefix.length)))
    this.adhoc = this.readAdhoc()
    this.onChange(this.list())
  }

  private readAdhoc(): OllamaEndpoint[] {
    return this.selectAdhoc.all().map((row) => ({ id: `${adhocPrefix}${row.id}`, name: row.name, url: row.url, nodeId: null, adhoc: true }))
  }
}

/** Every `kind: ollama` service of the nodes the console reaches (a disabled node is never connected to). */
function inventoryEndpoints(inventory: Inventory): OllamaEndpoint[] {
  return inventory.nodes
    .filter((node) => !node.disabled)
    .flatMap((node) =>
      node.services.flatMap((service) =>
        service.kind === 'ollama'
          ? [{ id: `${node.id}/${service.id}`, name: `${node.name} › ${service.name ?? service.id}`, url: normalizeUrl(service.url), nodeId: node.id, adhoc: false }]
          : []
      )
    )
}

/** "http://host:11434/" and "http://host:11434" are one server. */
function normalizeUrl(url: string): string {
  return new URL(url).href.replace(/\/+$/, '')
}
