import type { ChartRange } from '../../../../src-shared/health'
import type { Node, Service } from '../../../../src-shared/inventory'
import { MetricChart } from './MetricChart'
import { ServiceStatus } from './ServiceStatus'
import type { ChartSpec } from './chart-specs'
import { useHealthStore } from './health-store'
import { refreshMs, spansDays } from './ranges'
import { fetchSeries } from './series-request'
import { useRemote } from './use-remote'

const latencySpec: ChartSpec = { id: 'latency', title: 'Latency', unit: 'ms', lines: [{ key: 'latency', label: 'Round trip' }] }

/** Every service of the node: its status now and its latency over the range. */
export function ServiceHealthList({ node, range }: { readonly node: Node; readonly range: ChartRange }) {
  if (node.services.length === 0) return null
  return (
    <section className="service-health" aria-label="Services">
      <h2>Services</h2>
      <div className="chart-grid">
        {node.services.map((service) => (
          <ServiceHealthCard key={service.id} node={node} service={service} range={range} />
        ))}
      </div>
    </section>
  )
}

function ServiceHealthCard({ node, service, range }: { readonly node: Node; readonly service: Service; readonly range: ChartRange }) {
  const health = useHealthStore((store) => store.nodes[node.id]?.services.find((candidate) => candidate.serviceId === service.id))
  const target = `${node.id}/${service.id}`
  const remote = useRemote(
    node.disabled ? null : `${target}|${range}`,
    () => fetchSeries(target, ['latency'], range),
    refreshMs(range)
  )
  return (
    <article className="service-card" aria-label={service.name ?? service.id}>
      <header className="service-card-header">
        <h3>{service.name ?? service.id}</h3>
        <span className="kind-chip">{service.kind}</span>
      </header>
      <ServiceStatus health={health} />
      {remote.error && <p className="health-error">Could not load the latency: {remote.error}</p>}
      {remote.value?.error && <p className="health-error">{remote.value.error}</p>}
      {remote.value && <MetricChart spec={latencySpec} reply={remote.value} withDay={spansDays(range)} stale={remote.stale} />}
    </article>
  )
}
