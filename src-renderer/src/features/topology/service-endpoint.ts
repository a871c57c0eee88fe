import type { Node, Service } from '../../../../src-shared/inventory'

/** Where a service answers, as the user would type it; `href` when a browser can open it. */
export function serviceEndpoint(node: Node, service: Service): { readonly text: string; readonly href?: string } {
  switch (service.kind) {
    case 'http':
    case 'ollama':
    case 'imagegen':
      return { text: service.url, href: service.url }
    case 'tcp':
      return { text: `${service.host ?? node.host}:${service.port}` }
    case 'minecraft':
      return { text: `${node.host}:${service.port}${service.rcon ? ` · RCON ${service.rcon.port}` : ''}` }
    case 'systemd':
      return { text: service.unit }
    case 'docker':
      return { text: `container ${service.container}` }
  }
}
