/** Readings of the replies Paper (and vanilla) give to the console's own commands. */

/** Drops § colour and style codes, including each pair of a "§x§r§r§g§g§b§b" hex colour. */
export function stripColourCodes(text: string): string {
  return text.replace(/§./gsu, '')
}

export type Tps = [number, number, number]

/**
 * "TPS from last 1m, 5m, 15m: 20.0, 19.87, 18.5"; Paper marks a figure above 20 with "*" and
 * colours each. Null when the reply is something else (vanilla has no `tps`).
 */
export function parseTps(reply: string): Tps | null {
  const match = /TPS from last 1m, 5m, 15m:\s*(.*)$/m.exec(stripColourCodes(reply))
  if (!match?.[1]) return null
  const figures = match[1].split(',').map((figure) => Number(figure.trim().replace(/^\*/, '')))
  if (figures.length !== 3 || figures.some((figure) => !Number.isFinite(figure) || figure < 0)) return null
  return [figures[0], figures[1], figures[2]] as Tps
}

export interface PlayerList {
  readonly online: number
  readonly max: number
  readonly names: readonly string[]
}

/**
 * `list` as the servers word it:
 * - 1.13+ vanilla and Paper: "There are 2 of a max of 20 players online: alice, bob"
 * - 1.12 and Bukkit: "There are 2/20 players online:" and the names on the next line
 * - with `list uuids`: "alice (069a79f4-…)"
 * Null when the reply has no counts.
 */
export function parseList(reply: string): PlayerList | null {
  const text = stripColourCodes(reply)
  const counts = /There are (\d+) of a max(?: of)? (\d+) players online:?|There are (\d+)\s*\/\s*(\d+) players online:?/.exec(text)
  if (!counts) return null
  const online = Number(counts[1] ?? counts[3])
  const max = Number(counts[2] ?? counts[4])
  const rest = text.slice(counts.index + counts[0].length)
  const names = rest
    .split(/[,\n]/)
    .map((name) => name.replace(/\s*\([0-9a-f-]{32,36}\)\s*$/i, '').trim())
    .filter((name) => name !== '')
  return { online, max, names: online === 0 ? [] : names }
}
