import type { HomelabBridge } from '../../../src-shared/contract'

export type ConnectionState = 'connecting' | 'open' | 'reconnecting'

/** The contract's requests and events over IPC or WebSocket; the client is the same for both. */
export interface Transport extends HomelabBridge {
  onConnectionChange(listener: (state: ConnectionState) => void): () => void
}
