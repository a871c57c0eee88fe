import type { Node } from '../../../../src-shared/inventory'
import { canWake } from './health-model'
import { useHealthStore } from './health-store'

/** "Wake" for a sleeping node that can be woken, and "Check now"; each waits for its answer. */
export function HealthActions({ node }: { readonly node: Node }) {
  const health = useHealthStore((store) => store.nodes[node.id])
  const busy = useHealthStore((store) => store.busy[node.id])
  if (node.disabled) return null
  return (
    <>
      {canWake(health) && (
        <button type="button" disabled={busy !== undefined} onClick={() => void useHealthStore.getState().wake(node.id)}>
          {busy === 'wake' ? 'Waking…' : 'Wake'}
        </button>
      )}
      <button type="button" disabled={busy !== undefined} onClick={() => void useHealthStore.getState().checkNow(node.id)}>
        {busy === 'check' ? 'Checking…' : 'Check now'}
      </button>
    </>
  )
}
