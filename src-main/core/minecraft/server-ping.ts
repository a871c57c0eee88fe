import { performance } from 'node:perf_hooks'
import { status as serverListPing } from 'minecraft-server-util'
import { z } from 'zod'
import { errorCode, networkReason } from '../health/probes/network-reason'

export type PingResult =
  | {
      readonly ok: true
      readonly version: string
      /** With its § codes, for the page to colour. */
      readonly motd: string
      readonly online: number
      readonly max: number
      /** The names the server chose to show, at most about a dozen. */
      readonly sample: readonly string[]
      readonly latencyMs: number
    }
  | { readonly ok: false; readonly reason: string }

/** minecraft-server-util passes the server's JSON through unchecked, as the health probe also notes. */
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

/** The Server List Ping, as the health probe does it, with the MOTD's colour codes kept. */
export async function pingServer(host: string, port: number, timeoutMs: number): Promise<PingResult> {
  const started = performance.now()
  let value: unknown
  try {
    value = await serverListPing(host, port, { timeout: Math.max(1, Math.ceil(timeoutMs)), enableSRV: false })
  } catch (error) {
    return { ok: false, reason: describePingError(error, timeoutMs) }
  }
  const reply = statusReply.safeParse(value)
  if (!reply.success) return { ok: false, reason: 'not a Minecraft server' }
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

function describePingError(error: unknown, timeoutMs: number): string {
  const code = errorCode(error)
  const reason = networkReason(code)
  if (reason !== undefined) return reason === 'refused' ? 'connection refused: the server is not running or listens on another port' : reason
  if (code === 'ERR_ASSERTION') return 'the address or port is not valid'
  // The library's words for its own timer; every other failure is a reply it could not read.
  if (error instanceof Error && error.message === 'Server is offline or unreachable') return `no answer within ${Math.round(timeoutMs / 1000)} s`
  return 'not a Minecraft server'
}
