const minute = 60_000
const hour = 60 * minute
const day = 24 * hour
const steps = [minute, 2 * minute, 5 * minute, 10 * minute, 15 * minute, 30 * minute, hour, 2 * hour, 3 * hour, 6 * hour, 12 * hour, day, 2 * day]

/**
 * Axis ticks on round local times (every 5 min, every 6 h, each midnight …), at most `maxTicks`
 * of them between `from` and `to`: a reader finds 14:00 faster than 13:52.
 */
export function timeTicks(from: number, to: number, maxTicks = 7): number[] {
  if (!Number.isFinite(from) || !Number.isFinite(to) || to <= from || maxTicks < 1) return []
  const step = steps.find((candidate) => (to - from) / candidate <= maxTicks) ?? Math.ceil((to - from) / maxTicks / day) * day
  // Round in local time: the clock the axis prints, not UTC's.
  const offset = new Date(from).getTimezoneOffset() * minute
  const ticks: number[] = []
  for (let tick = Math.ceil((from - offset) / step) * step + offset; tick <= to; tick += step) ticks.push(tick)
  return ticks
}
