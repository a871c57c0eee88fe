/** Saves what `url` points at (a data: or blob: URL) through the browser's download; Electron asks where to save it. */
export function downloadUrl(url: string, fileName: string): void {
  const link = document.createElement('a')
  link.href = url
  link.download = fileName
  link.hidden = true
  document.body.append(link)
  link.click()
  link.remove()
}

/** Saves text as a file. */
export function downloadText(fileName: string, text: string, type: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: `${type};charset=utf-8` }))
  downloadUrl(url, fileName)
  // The download reads the blob after click() returns.
  setTimeout(() => URL.revokeObjectURL(url), 10_000)
}
