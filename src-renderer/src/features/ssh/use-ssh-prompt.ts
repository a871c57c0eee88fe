import type { SshConnectionState } from '../../../../src-shared/ssh'
import type { Node } from '../../../../src-shared/inventory'
import { useInventoryStore } from '../inventory/inventory-store'
import { nextPrompt } from './ssh-model'
import { useSshStore } from './ssh-store'

/** The one question to put to the user now, or null; the selector returns a held state, never a new object. */
export function useSshPrompt(): SshConnectionState | null {
  return useSshStore((store) => nextPrompt(Object.values(store.states).filter((state) => store.asked.has(state.nodeId)), store.dismissed))
}

/** The inventory's node, for its name and SSH settings; undefined while the inventory lacks it. */
export function useInventoryNode(nodeId: string): Node | undefined {
  return useInventoryStore((store) => store.state?.inventory.nodes.find((node) => node.id === nodeId))
}
