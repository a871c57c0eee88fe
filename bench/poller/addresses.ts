/** Node i of the bench lives on its own loopback address, from 127.0.10.1 upwards. */
export function benchAddress(index: number): string {
  const n = index + 1
  return `127.0.${10 + Math.floor(n / 256)}.${n % 256}`
}
