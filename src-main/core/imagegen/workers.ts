import type { ImageWorker, WorkerApi } from '../../../src-shared/imagegen'
import type { Inventory } from '../../../src-shared/inventory'
import type { QueueWorker } from './worker-queue'

/** A `kind: imagegen` service of the inventory, with what dispatch needs of its node. */
export type InventoryWorker = ImageWorker &
  QueueWorker & {
    /**
     * What a running request depends on (the API and the URL): a change of it means a new queue;
     * the queue takes any other change (names, wake-on-LAN) as it runs.
     */
    readonly connection: string
  }

/** Every imagegen service of the nodes that are not disabled. */
export function inventoryWorkers(inventory: Inventory): InventoryWorker[] {
  return inventory.nodes
    .filter((node) => !node.disabled)
    .flatMap((node) =>
      node.services.flatMap((service) => {
        if (service.kind !== 'imagegen') return []
        const wol = node.wol ? { mac: node.wol.mac, broadcast: node.wol.broadcast, port: node.wol.port } : undefined
        const api: WorkerApi = service.api
        const worker = {
          id: `${node.id}/${service.id}`,
          nodeId: node.id,
          name: `${node.name} › ${service.name ?? service.id}`,
          api,
          url: service.url,
          wakeable: wol !== undefined,
          nodeName: node.name,
          wol
        }
        return [{ ...worker, connection: JSON.stringify([api, service.url]) }]
      })
    )
}

/** "the worker at Gaming PC › Images (http://…)", for error messages. */
export function describeWorker(worker: Pick<ImageWorker, 'name' | 'url' | 'api'>): string {
  const kind = worker.api === 'a1111' ? 'A1111' : worker.api === 'comfyui' ? 'ComfyUI' : 'the image worker'
  return `${kind} at ${worker.name} (${worker.url})`
}
