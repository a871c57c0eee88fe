/** Puts a PNG data URL on the clipboard as an image (Chromium's clipboard takes image/png). */
export async function copyImage(dataUrl: string): Promise<void> {
  const blob = await (await fetch(dataUrl)).blob()
  await navigator.clipboard.write([new ClipboardItem({ [blob.type || 'image/png']: blob })])
}
