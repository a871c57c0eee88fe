import { describe, expect, it } from 'vitest'
import { chooseServer, minecraftHash, parseMinecraftServer } from './minecraft-route'

describe('minecraft route', () => {
  it('reads the server from #/minecraft/<node>/<service> and writes it back', () => {
    expect(parseMinecraftServer('#/minecraft/pi-primary/minecraft')).toBe('pi-primary/minecraft')
    expect(parseMinecraftServer(minecraftHash('nas/creative'))).toBe('nas/creative')
    expect(parseMinecraftServer('#/minecraft')).toBeNull()
    expect(parseMinecraftServer('#/minecraft/pi-primary')).toBeNull()
    expect(parseMinecraftServer('#/minecraft/Pi Primary/mc')).toBeNull()
    expect(parseMinecraftServer('#/minecraft/a/b/c')).toBeNull()
    expect(parseMinecraftServer('#/dashboard/pi-primary/minecraft')).toBeNull()
  })

  it('shows the server the address names, else the last one shown, else the first', () => {
    const ids = ['pi-primary/minecraft', 'nas/creative']
    expect(chooseServer(ids, 'nas/creative', 'pi-primary/minecraft')).toBe('nas/creative')
    expect(chooseServer(ids, 'gone/server', 'nas/creative')).toBe('nas/creative')
    expect(chooseServer(ids, null, 'gone/server')).toBe('pi-primary/minecraft')
    expect(chooseServer([], 'nas/creative', null)).toBeNull()
  })
})
