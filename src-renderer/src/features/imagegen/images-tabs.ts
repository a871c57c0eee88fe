export const imagesTabs = [
  { id: 'generate', label: 'Generate' },
  { id: 'gallery', label: 'Gallery' }
] as const

export type ImagesTab = (typeof imagesTabs)[number]['id']

/** "#/images/gallery" → the gallery; Generate for "#/images" or anything unknown. */
export function parseImagesTab(hash: string): ImagesTab {
  const [section, tab] = hash.replace(/^#\/?/, '').split('/')
  if (section !== 'images') return 'generate'
  return imagesTabs.find((candidate) => candidate.id === tab)?.id ?? 'generate'
}

export function imagesHash(tab: ImagesTab): string {
  return `#/images/${tab}`
}

/** The tab an arrow key, Home or End moves to from `tab`, or null for another key. */
export function stepImagesTab(tab: ImagesTab, key: string): ImagesTab | null {
  const index = imagesTabs.findIndex((candidate) => candidate.id === tab)
  const last = imagesTabs.length - 1
  const next =
    key === 'ArrowRight' ? (index + 1) % imagesTabs.length : key === 'ArrowLeft' ? (index + last) % imagesTabs.length : key === 'Home' ? 0 : key === 'End' ? last : null
  return next === null ? null : imagesTabs[next]!.id
}
