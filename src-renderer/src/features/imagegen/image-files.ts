/** Puts a PNG data URL on the clipboard as an image (Chromium's clipboard takes image/png). */
export async function copyImage(dataUrl: string): Promise<void> {
  const blob = await (await fetch(dataUrl)).blob()
  await navigator.clipboard.write([new ClipboardItem({ [blob.type || 'image/png']: blob })])
}

/** Saves the picture through the browser's download (Electron asks where to save it). */
export function saveImage(dataUrl: string, fileName: string): void {
  const link = document.createElement('a')
  link.href = dataUrl
  link.download = fileName
  link.hidden = true
  document.body.append(link)
  link.click()
  link.remove()
}
