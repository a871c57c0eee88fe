import type { Session } from 'electron'
import { contentSecurityPolicy } from '../../src-shared/security'

/**
 * No remote content and no browser permissions: the app asks for none (camera, geolocation,
 * notifications come from main), and every response carries the app's CSP.
 */
export function applySessionPolicy(session: Session, options: { readonly enforceCsp: boolean }): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false))
  session.setPermissionCheckHandler(() => false)
  // The dev server's hot reload needs inline scripts; builds get the strict policy.
  if (!options.enforceCsp) return
  session.webRequest.onHeadersReceived((details, callback) => {
    callback({
      responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [contentSecurityPolicy] }
    })
  })
}
