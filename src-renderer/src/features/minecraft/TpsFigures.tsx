import { formatTps, tpsLevel } from './status-format'

const periods = ['1 min', '5 min', '15 min'] as const

/** TPS over 1, 5 and 15 minutes, coloured and worded (good, low, bad) so it reads without colour. */
export function TpsFigures({ tps }: { readonly tps: readonly [number, number, number] | null }) {
  if (tps === null) return <span className="muted">not reported (the server has no tps command)</span>
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
