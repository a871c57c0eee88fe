import type { Inventory, Node, Service } from '../../../src-shared/inventory'
import type { Probe } from './probe'
import { dockerProbe } from './probes/docker-probe'
import { httpProbe } from './probes/http-probe'
import { localHostMetricsProbe } from './probes/local-host-metrics-probe'
import { minecraftProbe } from './probes/minecraft-probe'
import { ollamaProbe } from './probes/ollama-probe'
import { prometheusProbe } from './probes/prometheus-probe'
import type { NodeExec } from './probes/node-command'
import { sshMetricsProbe } from './probes/ssh-metrics-probe'
import { systemdProbe } from './probes/systemd-probe'
import { tcpProbe } from './probes/tcp-probe'
import { workerProbe } from './probes/worker-probe'

export interface ProbeDependencies {
  /** One command on the node's pooled SSH connection. */
  readonly exec: NodeExec
  readonly nodeIntervalMs?: number
  readonly nodeTimeoutMs?: number
}

const defaultIntervalMs = 10_000
const defaultTimeoutMs = 5000

/**
 * Every probe the inventory asks for: one per node for its reachability and host metrics (SSH,
 * Prometheus or the local machine), one per service. Ids are "node" and "node/service".
 */
export function probesFor(inventory: Inventory, dependencies: ProbeDependencies): Probe[] {
  return inventory.nodes.filter((node) => !node.disabled).flatMap((node) => [...nodeProbe(node, dependencies), ...node.services.map((service) => serviceProbe(node, service, dependencies))])
}

function nodeProbe(node: Node, { exec, nodeIntervalMs = defaultIntervalMs, nodeTimeoutMs = defaultTimeoutMs }: ProbeDependencies): Probe[] {
  const timing = { id: node.id, intervalMs: nodeIntervalMs, timeoutMs: nodeTimeoutMs }
  if (node.local || node.metrics === 'local') return [localHostMetricsProbe(timing)]
  if (node.metrics === 'none') return []
  if (node.metrics === 'ssh') return [sshMetricsProbe({ ...timing, nodeId: node.id, exec })]
  return [prometheusProbe({ ...timing, url: node.metrics.slice('prometheus:'.length), host: node.host })]
}

function serviceProbe(node: Node, service: Service, { exec }: ProbeDependencies): Probe {
  const timing = {
    id: `${node.id}/${service.id}`,
    intervalMs: (service.interval ?? defaultIntervalMs / 1000) * 1000,
    timeoutMs: (service.timeout ?? defaultTimeoutMs / 1000) * 1000
  }
  switch (service.kind) {
    case 'http':
      return httpProbe({ ...timing, url: service.url, ...(service.expect && { expect: service.expect }) })
    case 'tcp':
      return tcpProbe({ ...timing, host: service.host ?? node.host, port: service.port })
    case 'ollama':
      return ollamaProbe({ ...timing, url: service.url })
    case 'minecraft':
      return minecraftProbe({ ...timing, host: node.host, port: service.port })
    case 'imagegen':
      if (service.api === 'worker') return workerProbe({ ...timing, url: service.url })
      // AUTOMATIC1111 and ComfyUI have no health route; their queue routes answer while they work.
      return httpProbe({ ...timing, url: new URL(service.api === 'a1111' ? 'sdapi/v1/progress' : 'queue', withSlash(service.url)).href, expect: { status: 200 } })
    case 'systemd':
      return systemdProbe({ ...timing, nodeId: node.id, unit: service.unit, exec })
    case 'docker':
      return dockerProbe({ ...timing, nodeId: node.id, container: service.container, exec })
  }
}

function withSlash(url: string): string {
  return url.endsWith('/') ? url : `${url}/`
}
