import type { Menu as MenuType, MenuItemConstructorOptions } from 'electron'

/**
 * No default menu: its accelerators (Ctrl+R reload, Ctrl+W close, Ctrl+- zoom, Ctrl+Shift+I)
 * would take keys the terminals give to the shell. macOS keeps the app and Edit menus it
 * cannot do without (Quit, and copy/paste in text fields).
 */
export function applicationMenuTemplate(platform: NodeJS.Platform): MenuItemConstructorOptions[] | null {
  return platform === 'darwin' ? [{ role: 'appMenu' }, { role: 'editMenu' }] : null
}

export function applyApplicationMenu(menu: Pick<typeof MenuType, 'setApplicationMenu' | 'buildFromTemplate'>, platform: NodeJS.Platform): void {
  const template = applicationMenuTemplate(platform)
  menu.setApplicationMenu(template === null ? null : menu.buildFromTemplate(template))
}
