/**
 * The renderer's Content Security Policy, one definition for the page's meta tag (Electron loads
 * it from a file) and the headless server's header: only the app's own code, no inline script,
 * no remote content. Inline styles are allowed because xterm.js sizes its cells and sets 24-bit
 * colours with them; they cannot run code, and scripts stay limited to the app's own files.
 */
export const contentSecurityPolicy = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "object-src 'none'"
].join('; ')
