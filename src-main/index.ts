import { app, BrowserWindow, ipcMain, Menu, session } from 'electron'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { createCore, type Core } from './core/create-core'
import { applyApplicationMenu } from './electron/application-menu'
import { bindIpc } from './electron/ipc-binding'
import { createMainWindow } from './electron/main-window'
import { electronPlatform } from './electron/platform'
import { applySessionPolicy } from './electron/session-policy'
import { createTrustedFrameCheck } from './electron/trusted-page'

/** App lifecycle only: one instance, one window, the core wired to IPC. */
const devServerUrl = process.env.ELECTRON_RENDERER_URL
const pageUrl = devServerUrl ?? pathToFileURL(join(import.meta.dirname, '../renderer/index.html')).href
const resourcesDir = app.isPackaged ? process.resourcesPath : join(import.meta.dirname, '../../resources')

if (!app.requestSingleInstanceLock()) {
  app.quit()
} else {
  let core: Core | undefined
  let window: BrowserWindow | undefined

  app.on('second-instance', () => {
    if (!window) return
    if (window.isMinimized()) window.restore()
    window.focus()
  })

  app.on('web-contents-created', (_event, contents) => {
    contents.on('will-attach-webview', (event) => event.preventDefault())
  })

  app.whenReady().then(async () => {
    applySessionPolicy(session.defaultSession, { enforceCsp: devServerUrl === undefined })
    applyApplicationMenu(Menu, process.platform)
    core = await createCore({
      dataDir: app.getPath('userData'),
      inventoryPath: inventoryArgument(process.argv),
      examplesDir: join(resourcesDir, 'examples'),
      version: app.getVersion(),
      platform: electronPlatform()
    })
    bindIpc({
      ipcMain,
      core,
      isTrustedFrame: createTrustedFrameCheck(pageUrl),
      targets: () => BrowserWindow.getAllWindows().map((each) => each.webContents)
    })
    const settings = core.settings
    const open = () => {
      window = createMainWindow({ pageUrl, preloadPath: join(import.meta.dirname, '../preload/index.cjs'), settings })
      window.on('closed', () => {
        window = undefined
        core?.rendererGone()
      })
    }
    open()
    app.on('activate', () => {
      if (BrowserWindow.getAllWindows().length === 0) open()
    })
  }).catch((error: unknown) => {
    console.error('Homelab Console could not start:', error)
    app.exit(1)
  })

  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit()
  })
  app.on('will-quit', () => core?.close())
}

function inventoryArgument(argv: readonly string[]): string | undefined {
  const index = argv.indexOf('--inventory')
  return index >= 0 ? argv[index + 1] : undefined
}
