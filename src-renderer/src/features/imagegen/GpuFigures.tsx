import type { ImageWorker } from '../../../../src-shared/imagegen'
import { useHealthStore } from '../health/health-store'
import { gpuReadings, gpuText } from './gpu-readings'

/** The worker node's GPU temperature and load, from the health polling of its node. */
export function GpuFigures({ worker }: { readonly worker: ImageWorker }) {
  const health = useHealthStore((store) => store.nodes[worker.nodeId])
  const serviceId = worker.id.slice(worker.id.indexOf('/') + 1)
  const readings = gpuReadings(health, serviceId)
  if (readings.length === 0) return <span className="muted ig-gpu">No GPU readings</span>
  return (
    <span className="ig-gpu">
      {readings.map((reading) => (
        <span key={reading.label}>{gpuText(reading)}</span>
      ))}
    </span>
  )
}
