/**
 * Decides whether a link may leave the app for the system browser: web pages only, never
 * file:, javascript:, custom protocol handlers or URLs that carry credentials.
 */
export function checkExternalUrl(raw: string): { ok: true; url: string } | { ok: false; reason: string } {
  let url: URL
  try {
    url = new URL(raw)
  } catch {
    return { ok: false, reason: `not a valid URL: ${raw}` }
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return { ok: false, reason: `only http and https links open outside the app, not ${url.protocol}` }
  }
  if (url.username !== '' || url.password !== '') {
    return { ok: false, reason: 'links with a user name or password in them are not opened' }
  }
  return { ok: true, url: url.href }
}
