import { performance } from 'node:perf_hooks'
import { status as statusPing } from 'minecraft-server-util'
import { z } from 'zod'
import { errorCode, networkReason } from './network-reason'

/** A Minecraft server's Server List Ping, or why there is none, for each caller to word. */
export type ServerListPing =
  | {
      readonly ok: true
      readonly version: string
      /** With its § codes. */
      readonly motd: string
      readonly online: number
      readonly max: number
      /** The names the server chose to show, at most about a dozen. */
      readonly sample: readonly string[]
      readonly latencyMs: number
    }
  | { readonly ok: false; readonly failure: 'network'; readonly reason: string }
  | { readonly ok: false; readonly failure: 'invalid-address' | 'timeout' | 'not-minecraft' }

/** minecraft-server-util passes the server's JSON through unchecked; only these fields are used. */
const statusReply = z.object({
  version: z.object({ name: z.string() }),
  players: z.object({
    online: z.number().int().nonnegative(),
    max: z.number().int().nonnegative(),
    sample: z.array(z.object({ name: z.string(), id: z.string() })).nullable()
  }),
  motd: z.object({ raw: z.string() }),
  roundTripLatency: z.number().optional()
})

/** Paper's hide-online-players fills the sample with this id instead of real players. */
const anonymousPlayerId = '00000000-0000-0000-0000-000000000000'

/**
 * Pings once. The library takes no abort signal: its own timer, set to `timeoutMs`, closes the
 * socket, so a caller that gives up earlier only stops waiting.
 */
export async function pingServerList(host: string, port: number, timeoutMs: number): Promise<ServerListPing> {
  const started = performance.now()
  let value: unknown
  try {
    value = await statusPing(host, port, { timeout: Math.max(1, Math.ceil(timeoutMs)), enableSRV: false })
  } catch (error) {
    const code = errorCode(error)
    const reason = networkReason(code)
    if (reason !== undefined) return { ok: false, failure: 'network', reason }
    // It checks its arguments with assert, synchronously.
    if (code === 'ERR_ASSERTION') return { ok: false, failure: 'invalid-address' }
    // The library's words for its own timer; every other failure is a reply it could not read.
    if (error instanceof Error && error.message === 'Server is offline or unreachable') return { ok: false, failure: 'timeout' }
    return { ok: false, failure: 'not-minecraft' }
  }
  const reply = statusReply.safeParse(value)
  if (!reply.success) return { ok: false, failure: 'not-minecraft' }
  const { version, players, motd, roundTripLatency } = reply.data
  return {
    ok: true,
    version: version.name,
    motd: motd.raw,
    online: players.online,
    max: players.max,
    sample: (players.sample ?? []).filter((player) => player.id !== anonymousPlayerId).map((player) => player.name),
    latencyMs: roundTripLatency !== undefined && roundTripLatency >= 0 ? roundTripLatency : performance.now() - started
  }
}
