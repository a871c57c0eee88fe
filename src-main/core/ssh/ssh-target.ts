import { userInfo } from 'node:os'
import type { Inventory, Node, SecretRef } from '../../../src-shared/inventory'
import { expandHome } from '../paths'

/** Where and as whom the console logs in to a node, read from the inventory. */
export interface SshTarget {
  readonly nodeId: string
  readonly host: string
  readonly port: number
  readonly username: string
  /** The key file the inventory names, with "~" expanded. */
  readonly keyPath: string | undefined
  readonly passwordRef: SecretRef | undefined
  /** The node to connect through, if any. */
  readonly jumpNodeId: string | undefined
}

export type TargetResult = { ok: true; target: SshTarget } | { ok: false; message: string }

export function sshTargetOf(inventory: Inventory, nodeId: string): TargetResult {
  const node = inventory.nodes.find((candidate) => candidate.id === nodeId)
  if (!node) return { ok: false, message: `there is no node "${nodeId}" in the inventory` }
  if (node.disabled) return { ok: false, message: `${node.name} is marked disabled in the inventory` }
  if (node.local) return { ok: false, message: `${node.name} is this PC: it needs no SSH connection` }
  return {
    ok: true,
    target: {
      nodeId: node.id,
      host: node.host,
      port: node.ssh?.port ?? 22,
      username: node.ssh?.user ?? userInfo().username,
      keyPath: node.ssh?.key === undefined ? undefined : expandHome(node.ssh.key),
      passwordRef: node.ssh?.password,
      jumpNodeId: jumpNodeOf(inventory, node)
    }
  }
}

/**
 * The explicit `ssh.jump`, else the parent host a container or VM runs inside (when that
 * parent is reached over SSH itself): that is how a homelab's inner machines are usually reached.
 */
function jumpNodeOf(inventory: Inventory, node: Node): string | undefined {
  if (node.ssh?.jump !== undefined) return node.ssh.jump
  if (node.parent === undefined) return undefined
  const parent = inventory.nodes.find((candidate) => candidate.id === node.parent)
  return parent && !parent.local && !parent.disabled && parent.ssh !== undefined ? parent.id : undefined
}

/** The nodes on the way to `nodeId`, first hop first; refuses loops the schema cannot see. */
export function jumpChain(inventory: Inventory, nodeId: string): string[] {
  const chain: string[] = []
  let current = sshTargetOf(inventory, nodeId)
  while (current.ok && current.target.jumpNodeId !== undefined) {
    const next = current.target.jumpNodeId
    if (next === nodeId || chain.includes(next)) throw new Error(`the jump hosts of "${nodeId}" form a loop through "${next}"`)
    chain.unshift(next)
    current = sshTargetOf(inventory, next)
  }
  return chain
}

/** Two targets that would open the same session; a change means reconnecting. */
export function sameTarget(a: SshTarget, b: SshTarget): boolean {
  return (
    a.host === b.host &&
    a.port === b.port &&
    a.username === b.username &&
    a.keyPath === b.keyPath &&
    a.passwordRef === b.passwordRef &&
    a.jumpNodeId === b.jumpNodeId
  )
}
