import { api } from './api'

/** Calls `reread` each time the connection comes back after a drop: the events sent meanwhile are lost. */
export function onReconnect(reread: () => void): () => void {
  let wasDown = false
  return api().onConnectionChange((state) => {
    if (state === 'reconnecting') wasDown = true
    else if (state === 'open' && wasDown) {
      wasDown = false
      reread()
    }
  })
}
