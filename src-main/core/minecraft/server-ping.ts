import { pingServerList, type ServerListPing } from '../health/probes/server-list-ping'

export type PingResult = Extract<ServerListPing, { ok: true }> | { readonly ok: false; readonly reason: string }

/** The Server List Ping the health probe also makes, with the MOTD's colour codes kept and failures worded for the console. */
export async function pingServer(host: string, port: number, timeoutMs: number): Promise<PingResult> {
  const ping = await pingServerList(host, port, timeoutMs)
  if (ping.ok) return ping
  switch (ping.failure) {
    case 'network':
      return { ok: false, reason: ping.reason === 'refused' ? 'connection refused: the server is not running or listens on another port' : ping.reason }
    case 'invalid-address':
      return { ok: false, reason: 'the address or port is not valid' }
    case 'timeout':
      return { ok: false, reason: `no answer within ${Math.round(timeoutMs / 1000)} s` }
    case 'not-minecraft':
      return { ok: false, reason: 'not a Minecraft server' }
  }
}
