import type { HomelabBridge } from '../../../src-shared/contract'
import type { Transport } from './transport'

/** Inside Electron: the preload's bridge; the connection is the process itself, always open. */
export function createIpcTransport(bridge: HomelabBridge): Transport {
  return {
    invoke: (name, input) => bridge.invoke(name, input),
    subscribe: (listener) => bridge.subscribe(listener),
    onConnectionChange: (listener) => {
      listener('open')
      return () => undefined
    }
  }
}
