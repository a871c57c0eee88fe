import { describe, expect, it, vi } from 'vitest'
import { applyApplicationMenu } from './application-menu'

describe('the application menu', () => {
  it('is removed on Windows and Linux, so no accelerator takes a terminal key', () => {
    for (const platform of ['win32', 'linux'] as const) {
      const menu = { setApplicationMenu: vi.fn(), buildFromTemplate: vi.fn() }
      applyApplicationMenu(menu as never, platform)
      expect(menu.setApplicationMenu).toHaveBeenCalledWith(null)
      expect(menu.buildFromTemplate).not.toHaveBeenCalled()
    }
  })

  it('keeps only the app and Edit menus on macOS', () => {
    const built = { items: [] }
    const menu = { setApplicationMenu: vi.fn(), buildFromTemplate: vi.fn(() => built) }
    applyApplicationMenu(menu as never, 'darwin')
    expect(menu.buildFromTemplate).toHaveBeenCalledWith([{ role: 'appMenu' }, { role: 'editMenu' }])
    expect(menu.setApplicationMenu).toHaveBeenCalledWith(built)
  })
})
