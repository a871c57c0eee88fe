import { tokenParam, websocketPath, type HomelabBridge } from '../../../src-shared/contract'
import { createClient, type Client } from './client'
import { createIpcTransport } from './ipc-transport'
import { createWebSocketTransport } from './websocket-transport'

declare global {
  interface Window {
    readonly homelab?: HomelabBridge
  }
}

const tokenKey = 'homelab-console-token'

/**
 * Electron's preload gives `window.homelab`; in a browser the page talks WebSocket with the
 * token from the URL it was opened with, which is then taken out of the address bar.
 */
export function connect(): Client {
  if (window.homelab) return createClient(createIpcTransport(window.homelab))
  const url = new URL(window.location.href)
  const token = url.searchParams.get(tokenParam) ?? sessionStorage.getItem(tokenKey) ?? ''
  sessionStorage.setItem(tokenKey, token)
  url.searchParams.delete(tokenParam)
  window.history.replaceState(null, '', url)
  const protocol = window.location.protocol === 'https:' ? 'wss:' : 'ws:'
  const socketUrl = `${protocol}//${window.location.host}${websocketPath}?${tokenParam}=${encodeURIComponent(token)}`
  return createClient(createWebSocketTransport({ url: socketUrl }))
}
