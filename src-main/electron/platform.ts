import { Notification, safeStorage, shell } from 'electron'
import type { Platform } from '../core/create-core'
import { createSafeStorageCipher } from './safe-storage-cipher'

/** What Electron gives the core; created once the app is ready, as safeStorage needs. */
export function electronPlatform(): Platform {
  return {
    mode: 'desktop',
    openExternal: async (url) => {
      await shell.openExternal(url)
      return true
    },
    showItemInFolder: (path) => {
      shell.showItemInFolder(path)
      return true
    },
    secretCipher: createSafeStorageCipher(safeStorage, process.platform),
    notify: (title, body) => {
      if (Notification.isSupported()) new Notification({ title, body }).show()
    }
  }
}
