import { isSectionId, type SectionId } from './sections'

/** Where the app is: a section, and for the dashboard the node whose page is open. */
export interface Route {
  readonly section: SectionId
  readonly nodeId: string | null
}

const nodeIdPattern = /^[a-z0-9][a-z0-9-]*$/

/** "#/dashboard/pi-primary" → the dashboard showing pi-primary; anything unknown → the topology. */
export function parseRoute(hash: string): Route {
  const [section = '', nodeId, ...rest] = hash.replace(/^#\/?/, '').split('/')
  if (!isSectionId(section)) return { section: 'topology', nodeId: null }
  if (section === 'dashboard' && nodeId !== undefined && rest.length === 0 && nodeIdPattern.test(nodeId)) return { section, nodeId }
  return { section, nodeId: null }
}

export function routeHash(route: Route): string {
  return route.section === 'dashboard' && route.nodeId !== null ? `#/dashboard/${route.nodeId}` : `#/${route.section}`
}
