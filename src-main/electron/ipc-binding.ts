import type { IpcMain, IpcMainInvokeEvent, WebContents, WebFrameMain } from 'electron'
import { ipcChannels, type Reply } from '../../src-shared/contract'
import type { Core } from '../core/create-core'

export interface IpcBindingOptions {
  readonly ipcMain: Pick<IpcMain, 'handle' | 'removeHandler'>
  readonly core: Pick<Core, 'dispatch' | 'events'>
  /** Only the app's own page, in its top frame, may call the core. */
  readonly isTrustedFrame: (frame: WebFrameMain | null) => boolean
  readonly targets: () => readonly WebContents[]
}

/** The contract over Electron IPC: one handler for every request, one channel for every event. */
export function bindIpc(options: IpcBindingOptions): () => void {
  const { ipcMain, core } = options
  ipcMain.handle(ipcChannels.request, (event: IpcMainInvokeEvent, name: unknown, input: unknown): Promise<Reply> => {
    if (!options.isTrustedFrame(event.senderFrame)) {
      return Promise.resolve({ ok: false, error: { code: 'failed', message: 'request from an untrusted frame refused' } })
    }
    return core.dispatch(name, input)
  })
  const unsubscribe = core.events.subscribe((name, payload) => {
    for (const contents of options.targets()) {
      if (!contents.isDestroyed()) contents.send(ipcChannels.event, name, payload)
    }
  })
  return () => {
    unsubscribe()
    ipcMain.removeHandler(ipcChannels.request)
  }
}
