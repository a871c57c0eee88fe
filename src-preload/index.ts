import { contextBridge, ipcRenderer } from 'electron'
import { ipcChannels, isEventName, isRequestName, type HomelabBridge } from '../src-shared/contract'

/** Exactly the contract, never ipcRenderer itself: the page can call requests and hear events. */
const bridge = {
  invoke: (name, input) =>
    isRequestName(name)
      ? ipcRenderer.invoke(ipcChannels.request, name, input)
      : Promise.resolve({ ok: false, error: { code: 'unknown-request', message: `unknown request ${String(name)}` } }),
  subscribe: (listener) => {
    const forward = (_event: Electron.IpcRendererEvent, name: unknown, payload: unknown) => {
      if (isEventName(name)) listener(name, payload)
    }
    ipcRenderer.on(ipcChannels.event, forward)
    return () => {
      ipcRenderer.removeListener(ipcChannels.event, forward)
    }
  }
} satisfies HomelabBridge

contextBridge.exposeInMainWorld('homelab', bridge)
