import { onReconnect } from '../../api/on-reconnect'
import { useGalleryStore } from './gallery-store'
import { useJobsStore } from './jobs-store'
import { useWorkersStore } from './workers-store'

/**
 * Follows the image jobs and new images from start-up, whatever section is open: a queue runs on
 * while the user looks elsewhere. After the connection comes back, everything missed is read again.
 */
export function startImages(): () => void {
  const stops = [useWorkersStore.getState().start(), useJobsStore.getState().start(), useGalleryStore.getState().start()]
  const stopConnection = onReconnect(() => {
    void useWorkersStore.getState().refresh()
    void useJobsStore.getState().refresh()
    void useGalleryStore.getState().reload()
  })
  return () => {
    for (const stop of stops) stop()
    stopConnection()
  }
}
