import type { NodeHealth } from '../../../../src-shared/health'

export interface GpuReading {
  /** "GPU" for a single one, "GPU 1" when the node has several. */
  readonly label: string
  readonly temperature: number | null
  readonly utilisation: number | null
}

const gpuKey = /^gpu(\d+)\.(temp|util)$/

/**
 * The GPUs of the worker's node from its latest samples (gpu<i>.temp, gpu<i>.util); when the host
 * gives none, the temperature a worker's /metrics reported (its service's facts): its own, or the
 * node's only one.
 */
export function gpuReadings(health: NodeHealth | undefined, serviceId: string): GpuReading[] {
  if (!health) return []
  const byIndex = new Map<number, { temperature: number | null; utilisation: number | null }>()
  for (const [key, value] of Object.entries(health.samples)) {
    const match = gpuKey.exec(key)
    if (!match || !Number.isFinite(value)) continue
    const index = Number(match[1])
    const reading = byIndex.get(index) ?? { temperature: null, utilisation: null }
    if (match[2] === 'temp') reading.temperature = value
    else reading.utilisation = value
    byIndex.set(index, reading)
  }
  if (byIndex.size > 0) {
    return [...byIndex.entries()]
      .sort(([a], [b]) => a - b)
      .map(([index, reading]) => ({ label: byIndex.size === 1 ? 'GPU' : `GPU ${index}`, ...reading }))
  }
  // Another worker on the node (A1111 beside the seed's worker) reads the same card, when there is only one reading to take.
  const gpuFact = (service: NodeHealth['services'][number]) => service.facts.find((candidate) => candidate.label === 'GPU temperature')
  const own = health.services.find((service) => service.serviceId === serviceId)
  const others = health.services.flatMap((service) => gpuFact(service) ?? [])
  const fact = (own && gpuFact(own)) ?? (others.length === 1 ? others[0] : undefined)
  const temperature = fact ? Number.parseFloat(fact.value) : Number.NaN
  return Number.isFinite(temperature) ? [{ label: 'GPU', temperature, utilisation: null }] : []
}

/** "GPU 63 °C · 87 % busy". */
export function gpuText(reading: GpuReading): string {
  const parts = [
    ...(reading.temperature === null ? [] : [`${Math.round(reading.temperature)} °C`]),
    ...(reading.utilisation === null ? [] : [`${Math.round(reading.utilisation)} % busy`])
  ]
  return `${reading.label} ${parts.join(' · ')}`
}
