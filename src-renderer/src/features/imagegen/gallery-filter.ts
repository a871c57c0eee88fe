import type { GalleryImage, GalleryQuery } from '../../../../src-shared/imagegen'

/** What the gallery shows: words of the prompt, a worker, a model; empty means any. */
export interface GalleryFilter {
  readonly text: string
  readonly workerId: string
  readonly model: string
}

export const noFilter: GalleryFilter = { text: '', workerId: '', model: '' }

export const pageSize = 40

/** The request for the page after `before` (the oldest image shown), or the first page. */
export function galleryQuery(filter: GalleryFilter, before: number | null): GalleryQuery {
  const text = filter.text.trim().slice(0, 200)
  return {
    limit: pageSize,
    ...(text !== '' && { text }),
    ...(filter.workerId !== '' && { workerId: filter.workerId }),
    ...(filter.model !== '' && { model: filter.model }),
    ...(before !== null && { before })
  }
}

/** Whether a new image belongs on screen under the filter: every word typed is in its prompt. */
export function matchesFilter(image: GalleryImage, filter: GalleryFilter): boolean {
  if (filter.workerId !== '' && image.workerId !== filter.workerId) return false
  if (filter.model !== '' && image.model !== filter.model) return false
  const prompt = image.prompt.toLowerCase()
  return filter.text
    .toLowerCase()
    .split(/\s+/)
    .filter(Boolean)
    .every((word) => prompt.includes(word))
}

/** The images held with a page added: newest first, each once. */
export function mergeImages(held: readonly GalleryImage[], added: readonly GalleryImage[]): GalleryImage[] {
  const byId = new Map(held.map((image) => [image.id, image]))
  for (const image of added) byId.set(image.id, image)
  return [...byId.values()].sort((a, b) => b.id - a.id)
}

/** The models to filter by: those of the images seen, and the one chosen even if none is shown now. */
export function modelChoices(images: readonly GalleryImage[], chosen: string): string[] {
  const models = new Set(images.flatMap((image) => (image.model === null ? [] : [image.model])))
  if (chosen !== '') models.add(chosen)
  return [...models].sort((a, b) => a.localeCompare(b))
}
