/**
 * Puts a PNG data URL on the clipboard as an image (Chromium's clipboard takes image/png). The
 * bytes are decoded here: fetching the data URL would be a connection the page's CSP refuses.
 */
export async function copyImage(dataUrl: string): Promise<void> {
  const match = /^data:(image\/png);base64,([A-Za-z0-9+/=]+)$/.exec(dataUrl)
  if (!match) throw new Error('the image is not a PNG')
  const binary = atob(match[2]!)
  const bytes = Uint8Array.from(binary, (char) => char.charCodeAt(0))
  await navigator.clipboard.write([new ClipboardItem({ [match[1]!]: new Blob([bytes], { type: match[1] }) })])
}
