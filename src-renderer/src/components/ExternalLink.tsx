import type { ReactNode } from 'react'
import { api } from '../api/api'
import { messageOf } from '../api/failures'
import { useToastStore } from '../app/toast-store'

/**
 * Links leave the app only through the core's check; in a browser the page then opens the
 * checked URL itself, in Electron the system browser does.
 */
export function ExternalLink({ href, children }: { readonly href: string; readonly children: ReactNode }) {
  const open = async () => {
    try {
      const { opened } = await api().request('shell.openExternal', { url: href })
      if (!opened) window.open(href, '_blank', 'noopener,noreferrer')
    } catch (error) {
      useToastStore.getState().show(messageOf(error))
    }
  }
  return (
    <a
      href={href}
      onClick={(event) => {
        event.preventDefault()
        void open()
      }}
    >
      {children}
    </a>
  )
}
