/** Like Promise.all, but waits for every promise to settle before throwing the first error. */
export async function settleAll<T extends readonly unknown[]>(
  promises: readonly [...{ [K in keyof T]: Promise<T[K]> }]
): Promise<T> {
  const values: unknown[] = []
  for (const result of await Promise.allSettled(promises)) {
    if (result.status === 'rejected') throw result.reason
    values.push(result.value)
  }
  // allSettled keeps the order, so the values line up with T.
  return values as unknown as T
}
