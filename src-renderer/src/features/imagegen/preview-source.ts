/**
 * An image the core sent as text, as an <img> source: a data URL as it is, bare base64 with its
 * type read from the first bytes (ComfyUI previews are JPEG, A1111's PNG). Null for anything else.
 */
export function imageSource(image: string | null): string | null {
  if (image === null || image === '') return null
  if (image.startsWith('data:image/')) return image
  if (!/^[A-Za-z0-9+/]+=*$/.test(image)) return null
  if (image.startsWith('/9j/')) return `data:image/jpeg;base64,${image}`
  if (image.startsWith('iVBOR')) return `data:image/png;base64,${image}`
  if (image.startsWith('UklGR')) return `data:image/webp;base64,${image}`
  return null
}
