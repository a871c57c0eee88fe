/** Tab order as plain array math, so the store's actions stay one-liners and are tested here. */

/** `order` with `id` moved to `toIndex` (an index into the result, clamped). */
export function moveTo(order: readonly string[], id: string, toIndex: number): readonly string[] {
  const from = order.indexOf(id)
  if (from === -1) return order
  const rest = order.filter((candidate) => candidate !== id)
  const index = Math.max(0, Math.min(toIndex, rest.length))
  if (index === from) return order
  return [...rest.slice(0, index), id, ...rest.slice(index)]
}

/** `order` with `id` moved one place left (-1) or right (+1); it stops at the ends. */
export function moveBy(order: readonly string[], id: string, delta: number): readonly string[] {
  const from = order.indexOf(id)
  return from === -1 ? order : moveTo(order, id, from + delta)
}

/**
 * Where a dragged tab lands when dropped on `targetId`, before or after it, as an index for
 * `moveTo` (which counts without the dragged tab).
 */
export function dropIndex(order: readonly string[], draggedId: string, targetId: string, after: boolean): number {
  const rest = order.filter((candidate) => candidate !== draggedId)
  const target = rest.indexOf(targetId)
  if (target === -1) return order.indexOf(draggedId)
  return after ? target + 1 : target
}

/** The tab `delta` places from `id`, wrapping around (Ctrl+Tab). */
export function cycle(order: readonly string[], id: string | null, delta: number): string | null {
  if (order.length === 0) return null
  const from = id === null ? -1 : order.indexOf(id)
  if (from === -1) return order[0] ?? null
  return order[(((from + delta) % order.length) + order.length) % order.length] ?? null
}

/** Which tab takes over when `closedId` goes: its right neighbour, else its left one. */
export function neighbourAfterClose(order: readonly string[], closedId: string): string | null {
  const index = order.indexOf(closedId)
  if (index === -1) return order[0] ?? null
  return order[index + 1] ?? order[index - 1] ?? null
}

/** Sorts ids by a remembered order; ids it does not know keep their relative order, last. */
export function sortByRemembered(ids: readonly string[], remembered: readonly string[]): string[] {
  const rank = (id: string) => {
    const index = remembered.indexOf(id)
    return index === -1 ? remembered.length : index
  }
  return ids
    .map((id, index) => ({ id, index }))
    .sort((a, b) => rank(a.id) - rank(b.id) || a.index - b.index)
    .map(({ id }) => id)
}
