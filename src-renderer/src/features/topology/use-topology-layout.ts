import { useEffect, useState } from 'react'
import type { Inventory } from '../../../../src-shared/inventory'
import { layoutTopology, type TopologyLayout } from './layout'

/** The layout of the current inventory; the previous one stays on screen while the next is computed. */
export function useTopologyLayout(inventory: Inventory | undefined): {
  readonly layout: TopologyLayout | null
  readonly error: string | null
} {
  const [result, setResult] = useState<{ layout: TopologyLayout | null; error: string | null }>({ layout: null, error: null })
  useEffect(() => {
    if (!inventory) return
    let current = true
    layoutTopology(inventory).then(
      (layout) => current && setResult({ layout, error: null }),
      (error: unknown) => current && setResult((previous) => ({ ...previous, error: `The map could not be laid out: ${String(error)}` }))
    )
    return () => {
      current = false
    }
  }, [inventory])
  return result
}
