import { sendMagicPacket } from '../health/wake-on-lan'
import { seconds } from './backend-http'
import { pause } from './pause'

export interface WakeTiming {
  /** How long a woken node may take to answer (default 3 min). */
  readonly timeoutMs: number
  /** How often it is asked meanwhile. */
  readonly pollMs: number
}

export const defaultWakeTiming: WakeTiming = { timeoutMs: 3 * 60_000, pollMs: 2000 }

export interface WakeTarget {
  readonly nodeName: string
  readonly wol: { readonly mac: string; readonly broadcast: string; readonly port: number } | undefined
  /** Undefined when the worker answers, else why not. */
  readonly unreachable: () => Promise<string | undefined>
}

/**
 * Before a job is sent to a worker on a node with `wol`: when the worker does not answer, the
 * magic packet goes out and the job waits, saying so, until the worker answers. Throws, in
 * words, when it does not within the time allowed.
 */
export async function wakeIfAsleep(target: WakeTarget, timing: WakeTiming, say: (message: string) => void, signal: AbortSignal): Promise<void> {
  const { wol } = target
  if (!wol || (await target.unreachable()) === undefined) return
  await sendMagicPacket({ mac: wol.mac, address: wol.broadcast, port: wol.port })
  say(`waking ${target.nodeName}…`)
  const deadline = Date.now() + timing.timeoutMs
  let reason: string | undefined = 'no answer'
  while (!signal.aborted && Date.now() < deadline) {
    await pause(timing.pollMs, signal)
    reason = await target.unreachable()
    if (reason === undefined) return
  }
  if (signal.aborted) throw signal.reason
  throw new Error(`${target.nodeName} did not wake within ${seconds(timing.timeoutMs)}: ${reason}`)
}
