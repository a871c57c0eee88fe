import { shell } from 'electron'
import type { Platform } from '../core/create-core'

export const electronPlatform: Platform = {
  mode: 'desktop',
  openExternal: async (url) => {
    await shell.openExternal(url)
    return true
  }
}
