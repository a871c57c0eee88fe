import { homedir } from 'node:os'
import { join } from 'node:path'

export const productName = 'Homelab Console'

/** The same folder Electron's userData points at, so desktop and headless share their data. */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env, platform = process.platform): string {
  if (platform === 'win32') return join(env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), productName)
  if (platform === 'darwin') return join(homedir(), 'Library', 'Application Support', productName)
  return join(env.XDG_CONFIG_HOME ?? join(homedir(), '.config'), productName)
}

export function defaultInventoryPath(dataDir: string): string {
  return join(dataDir, 'inventory.yaml')
}

/** "~" and "~/x" as OpenSSH reads them in configs and key paths. */
export function expandHome(path: string): string {
  if (path === '~') return homedir()
  return path.startsWith('~/') || path.startsWith('~\\') ? join(homedir(), path.slice(2)) : path
}
