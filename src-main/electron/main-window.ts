import { BrowserWindow, screen, shell } from 'electron'
import { checkExternalUrl } from '../core/external-url'
import type { SettingsStore } from '../core/store/settings'
import { restoreWindowState, type WindowState } from './window-state'

const windowStateKey = 'window.main'

export interface MainWindowOptions {
  readonly pageUrl: string
  readonly preloadPath: string
  readonly settings: SettingsStore
}

/** The one app window: sandboxed, isolated, no Node, no navigation away from the app. */
export function createMainWindow(options: MainWindowOptions): BrowserWindow {
  const displays = screen.getAllDisplays().map((display) => display.workArea)
  const state = restoreWindowState(options.settings.get(windowStateKey), displays)
  const window = new BrowserWindow({
    ...state,
    minWidth: 640,
    minHeight: 420,
    show: false,
    title: 'Homelab Console',
    backgroundColor: '#0f1419',
    webPreferences: {
      preload: options.preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      spellcheck: false
    }
  })
  if (state.maximized) window.maximize()
  window.once('ready-to-show', () => window.show())

  window.webContents.setWindowOpenHandler(({ url }) => {
    const checked = checkExternalUrl(url)
    if (checked.ok) void shell.openExternal(checked.url)
    return { action: 'deny' }
  })
  window.webContents.on('will-navigate', (event, url) => {
    if (url !== options.pageUrl) event.preventDefault()
  })
  window.webContents.on('will-attach-webview', (event) => event.preventDefault())

  window.on('close', () => options.settings.set(windowStateKey, currentState(window)))
  void window.loadURL(options.pageUrl)
  return window
}

function currentState(window: BrowserWindow): WindowState {
  const bounds = window.getNormalBounds()
  return { ...bounds, maximized: window.isMaximized() }
}
