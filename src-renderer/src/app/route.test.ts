import { describe, expect, it } from 'vitest'
import { parseRoute, routeHash, type Route } from './route'

describe('parseRoute', () => {
  it('reads a section, and a node page of the dashboard', () => {
    expect(parseRoute('#/terminals')).toEqual({ section: 'terminals', nodeId: null })
    expect(parseRoute('#/dashboard')).toEqual({ section: 'dashboard', nodeId: null })
    expect(parseRoute('#/dashboard/pi-primary')).toEqual({ section: 'dashboard', nodeId: 'pi-primary' })
    expect(parseRoute('#dashboard/nas')).toEqual({ section: 'dashboard', nodeId: 'nas' })
    expect(parseRoute('#/playground')).toEqual({ section: 'playground', nodeId: null })
    expect(parseRoute('#/playground/compare')).toEqual({ section: 'playground', nodeId: null })
    expect(parseRoute('#/minecraft')).toEqual({ section: 'minecraft', nodeId: null })
    // The server shown is the Minecraft section's own business (features/minecraft/minecraft-route.ts).
    expect(parseRoute('#/minecraft/pi-primary/minecraft')).toEqual({ section: 'minecraft', nodeId: null })
    expect(parseRoute('#/images')).toEqual({ section: 'images', nodeId: null })
    // The tab shown is the Images section's own business (features/imagegen/images-tabs.ts).
    expect(parseRoute('#/images/gallery')).toEqual({ section: 'images', nodeId: null })
  })

  it('falls back to the topology for anything unknown, and drops a node id that cannot be one', () => {
    expect(parseRoute('')).toEqual({ section: 'topology', nodeId: null })
    expect(parseRoute('#/nowhere')).toEqual({ section: 'topology', nodeId: null })
    expect(parseRoute('#/dashboard/Not%20An%20Id')).toEqual({ section: 'dashboard', nodeId: null })
    expect(parseRoute('#/dashboard/pi/extra')).toEqual({ section: 'dashboard', nodeId: null })
    expect(parseRoute('#/terminals/pi')).toEqual({ section: 'terminals', nodeId: null })
  })

  it('round-trips every route through the hash', () => {
    const routes: Route[] = [
      { section: 'topology', nodeId: null },
      { section: 'dashboard', nodeId: null },
      { section: 'dashboard', nodeId: 'pi-web1' },
      { section: 'playground', nodeId: null },
      { section: 'minecraft', nodeId: null },
      { section: 'images', nodeId: null },
      { section: 'settings', nodeId: null }
    ]
    for (const route of routes) expect(parseRoute(routeHash(route))).toEqual(route)
  })
})
