import { performance } from 'node:perf_hooks'
import { status as serverListPing } from 'minecraft-server-util'
import { z } from 'zod'
import type { Fact } from '../../../../src-shared/metrics'
import type { Probe, ProbeResult } from '../probe'
import { errorCode, networkReason } from './network-reason'

export interface MinecraftTarget {
  readonly id: string
  readonly host: string
  /** The game port, 25565 unless the server says otherwise. */
  readonly port: number
  readonly intervalMs: number
  readonly timeoutMs: number
}

/** minecraft-server-util passes the server's JSON through unchecked; only these fields are shown. */
const statusReply = z.object({
  version: z.object({ name: z.string() }),
  players: z.object({
    online: z.number().int().nonnegative(),
    max: z.number().int().nonnegative(),
    sample: z.array(z.object({ name: z.string(), id: z.string() })).nullable()
  }),
  motd: z.object({ clean: z.string() })
})

type StatusReply = z.infer<typeof statusReply>

const notMinecraft = 'not a Minecraft server'
/** Paper's hide-online-players fills the sample with this id instead of real players. */
const anonymousPlayerId = '00000000-0000-0000-0000-000000000000'

/** Server List Ping: version, players online of max with their names, the MOTD, latency. */
export function minecraftProbe(target: MinecraftTarget): Probe {
  return {
    id: target.id,
    intervalMs: target.intervalMs,
    timeoutMs: target.timeoutMs,
    run: (signal) => pingOnce(target, signal)
  }
}

async function pingOnce(target: MinecraftTarget, signal: AbortSignal): Promise<ProbeResult> {
  if (signal.aborted) return { status: 'down', reason: 'timeout' }
  const started = performance.now()
  const outcome = await untilAborted(startPing(target), signal)
  if (outcome === 'aborted') return { status: 'down', reason: 'timeout' }
  if (!outcome.ok) return { status: 'down', reason: describePingError(outcome.error) }
  const reply = statusReply.safeParse(outcome.value)
  if (!reply.success) return { status: 'down', reason: notMinecraft }
  const latencyMs = performance.now() - started
  return { status: 'up', latencyMs, samples: { latency: latencyMs, players: reply.data.players.online }, facts: factsOf(reply.data) }
}

/**
 * The library takes no abort signal; its own timer, set to the probe's timeout, closes the
 * socket. So an aborted ping is only stopped being waited for, and its socket lives at most
 * until that timer fires.
 */
function startPing(target: MinecraftTarget): Promise<unknown> {
  const timeout = Math.max(1, Math.ceil(target.timeoutMs))
  try {
    return serverListPing(target.host, target.port, { timeout, enableSRV: false })
  } catch (error) {
    // It checks its arguments with assert, synchronously.
    return Promise.reject(error)
  }
}

type Outcome = { ok: true; value: unknown } | { ok: false; error: unknown }

/** Settles with the ping or 'aborted'; the ping's late rejection is still handled. */
function untilAborted(ping: Promise<unknown>, signal: AbortSignal): Promise<Outcome | 'aborted'> {
  return new Promise((resolve) => {
    const onAbort = () => resolve('aborted')
    const settle = (outcome: Outcome) => {
      signal.removeEventListener('abort', onAbort)
      resolve(outcome)
    }
    signal.addEventListener('abort', onAbort, { once: true })
    ping.then(
      (value) => settle({ ok: true, value }),
      (error: unknown) => settle({ ok: false, error })
    )
  })
}

function describePingError(error: unknown): string {
  const code = errorCode(error)
  const reason = networkReason(code)
  if (reason !== undefined) return reason
  if (code === 'ERR_ASSERTION') return 'the address or port is not valid'
  // The library's words for its own timer; every other failure is a reply it could not read.
  if (error instanceof Error && error.message === 'Server is offline or unreachable') return 'timeout'
  return notMinecraft
}

function factsOf(reply: StatusReply): Fact[] {
  return [
    { label: 'version', value: stripFormatting(reply.version.name) },
    { label: 'players', value: describePlayers(reply.players) },
    { label: 'motd', value: stripFormatting(reply.motd.clean) }
  ]
}

/** "3 / 20: alice, bob and 1 more": servers send a sample of at most a dozen names. */
function describePlayers(players: StatusReply['players']): string {
  const counts = `${players.online} / ${players.max}`
  const names = (players.sample ?? []).filter((player) => player.id !== anonymousPlayerId).map((player) => stripFormatting(player.name))
  if (names.length === 0) return counts
  const unnamed = players.online - names.length
  return `${counts}: ${names.join(', ')}${unnamed > 0 ? ` and ${unnamed} more` : ''}`
}

/** Drops § colour and style codes left in the text and folds a two-line MOTD into one. */
function stripFormatting(text: string): string {
  return text.replace(/§./gu, '').replace(/\s+/g, ' ').trim()
}
