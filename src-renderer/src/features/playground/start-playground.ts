import { onReconnect } from '../../api/on-reconnect'
import { useChatStore } from './chat-store'
import { useEndpointsStore } from './endpoints-store'
import { usePromptsStore } from './prompts-store'
import { usePullsStore } from './pulls-store'
import { useStreamsStore } from './streams-store'

/**
 * Follows the playground's events from start-up, whatever section is open: an answer streams on
 * while the user looks elsewhere. After the connection comes back, everything missed is read again.
 */
export function startPlayground(): () => void {
  const stops = [
    useStreamsStore.getState().start(),
    useEndpointsStore.getState().start(),
    usePullsStore.getState().start(),
    useChatStore.getState().start(),
    usePromptsStore.getState().start()
  ]
  const stopConnection = onReconnect(() => {
    void useEndpointsStore.getState().refresh()
    void usePullsStore.getState().refresh()
    void useChatStore.getState().refreshList()
    void useChatStore.getState().reloadOpen()
    void usePromptsStore.getState().refresh()
  })
  return () => {
    for (const stop of stops) stop()
    stopConnection()
  }
}
