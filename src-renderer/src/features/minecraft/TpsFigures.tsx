import { formatTps, tpsLevel } from './status-format'

const periods = ['1 min', '5 min', '15 min'] as const

/** TPS over 1, 5 and 15 minutes, coloured and worded (good, low, bad) so it reads without colour. */
export function TpsFigures({ tps, rconAnswers }: { readonly tps: readonly [number, number, number] | null; readonly rconAnswers: boolean }) {
  // Only a server that answers RCON and still gives no TPS lacks the command (vanilla, Fabric).
  if (tps === null) return <span className="muted">{rconAnswers ? 'not reported (the server has no tps command)' : 'not read: it comes over RCON'}</span>
  return (
    <span className="mc-tps">
      {tps.map((value, index) => {
        const level = tpsLevel(value)
        return (
          <span key={periods[index]} className={`mc-tps-value tps-${level}`} title={`${periods[index]}: ${level === 'warn' ? 'low' : level}`}>
            {formatTps(value)}
            <span className="visually-hidden">
              {' '}
              over {periods[index]}, {level === 'warn' ? 'low' : level}
            </span>
          </span>
        )
      })}
      <span className="muted mc-tps-periods" aria-hidden="true">
        1m · 5m · 15m
      </span>
    </span>
  )
}
