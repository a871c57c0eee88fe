import type { Fact } from '../../../../src-shared/metrics'
import type { Probe, ProbeResult } from '../probe'
import { pingServerList, type ServerListPing } from './server-list-ping'

type Pinged = Extract<ServerListPing, { ok: true }>

export interface MinecraftTarget {
  readonly id: string
  readonly host: string
  /** The game port, 25565 unless the server says otherwise. */
  readonly port: number
  readonly intervalMs: number
  readonly timeoutMs: number
}

const notMinecraft = 'not a Minecraft server'

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
  const ping = await untilAborted(pingServerList(target.host, target.port, target.timeoutMs), signal)
  if (ping === 'aborted') return { status: 'down', reason: 'timeout' }
  if (!ping.ok) return { status: 'down', reason: describeFailure(ping) }
  return { status: 'up', latencyMs: ping.latencyMs, samples: { latency: ping.latencyMs, players: ping.online }, facts: factsOf(ping) }
}

/** Settles with the ping or 'aborted' (the ping itself never rejects). */
function untilAborted<T>(ping: Promise<T>, signal: AbortSignal): Promise<T | 'aborted'> {
  return new Promise((resolve) => {
    const onAbort = () => resolve('aborted')
    signal.addEventListener('abort', onAbort, { once: true })
    void ping.then((value) => {
      signal.removeEventListener('abort', onAbort)
      resolve(value)
    })
  })
}

function describeFailure(ping: Exclude<ServerListPing, { ok: true }>): string {
  switch (ping.failure) {
    case 'network':
      return ping.reason
    case 'invalid-address':
      return 'the address or port is not valid'
    case 'timeout':
      return 'timeout'
    case 'not-minecraft':
      return notMinecraft
  }
}

function factsOf(ping: Pinged): Fact[] {
  return [
    { label: 'version', value: stripFormatting(ping.version) },
    { label: 'players', value: describePlayers(ping) },
    { label: 'motd', value: stripFormatting(ping.motd) }
  ]
}

/** "3 / 20: alice, bob and 1 more": servers send a sample of at most a dozen names. */
function describePlayers(ping: Pinged): string {
  const counts = `${ping.online} / ${ping.max}`
  const names = ping.sample.map(stripFormatting)
  if (names.length === 0) return counts
  const unnamed = ping.online - names.length
  return `${counts}: ${names.join(', ')}${unnamed > 0 ? ` and ${unnamed} more` : ''}`
}

/** Drops § colour and style codes left in the text and folds a two-line MOTD into one. */
function stripFormatting(text: string): string {
  return text.replace(/§./gu, '').replace(/\s+/g, ' ').trim()
}
