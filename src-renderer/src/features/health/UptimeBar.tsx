import { useId } from 'react'
import type { ChartRange } from '../../../../src-shared/health'
import { api } from '../../api/api'
import { formatUptime } from './format'
import { rangeLabel, rangeMs, spansDays, uptimeRange } from './ranges'
import { uptimeCells } from './uptime-slots'
import { useRemote } from './use-remote'

const slotCount = 96
const refreshMs = 60_000

/** The target's worst status per slot over the range (the last day for the short ranges), and its uptime. */
export function UptimeBar({ target, range }: { readonly target: string; readonly range: ChartRange }) {
  const titleId = useId()
  const shown = uptimeRange(range)
  const remote = useRemote(
    `${target}|${shown}`,
    async () => ({ reply: await api().request('health.uptime', { target, range: shown, slots: slotCount }), at: Date.now() }),
    refreshMs
  )
  const cells = remote.value ? uptimeCells(remote.value.reply.slots, remote.value.at, rangeMs(shown), spansDays(shown)) : []
  const ratio = formatUptime(remote.value?.reply.ratio ?? null)

  return (
    <section className={`uptime${remote.stale ? ' is-stale' : ''}`} aria-labelledby={titleId}>
      <header className="uptime-header">
        <h2 id={titleId}>Uptime, last {rangeLabel(shown)}</h2>
        <strong className="uptime-ratio">{ratio}</strong>
      </header>
      {remote.error && <p className="health-error">Could not load the uptime: {remote.error}</p>}
      <div className="uptime-bar" role="img" aria-label={`Available ${ratio} of the known time over the last ${rangeLabel(shown)}`}>
        {cells.map((cell, index) => (
          <span key={index} className={`uptime-cell uptime-${cell.status}`} title={cell.title} />
        ))}
      </div>
    </section>
  )
}
