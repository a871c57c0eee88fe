import type { WebFrameMain } from 'electron'

/**
 * The renderer is either the built file or, during development, electron-vite's dev server.
 * A frame is trusted only when it is the top frame showing that page.
 */
export function createTrustedFrameCheck(pageUrl: string): (frame: WebFrameMain | null) => boolean {
  const trusted = new URL(pageUrl)
  return (frame) => {
    if (!frame || frame.parent !== null) return false
    try {
      const url = new URL(frame.url)
      return url.protocol === trusted.protocol && url.host === trusted.host && url.pathname === trusted.pathname
    } catch {
      return false
    }
  }
}
