import { create } from 'zustand'
import type { GalleryImage } from '../../../../src-shared/imagegen'
import { api } from '../../api/api'
import { isMissingFeature, messageOf } from '../../api/failures'
import { galleryQuery, matchesFilter, mergeImages, noFilter, pageSize, type GalleryFilter } from './gallery-filter'

/** Full images held as data URLs; the oldest read are dropped beyond this, and read again when scrolled back to. */
const keptPictures = 120

interface GalleryStore {
  readonly filter: GalleryFilter
  readonly images: readonly GalleryImage[]
  readonly loading: boolean
  readonly loaded: boolean
  readonly error: string | null
  /** The last page was full: older images may follow. */
  readonly hasMore: boolean
  /** Data URLs by image id, read as their thumbnails scroll into view. */
  readonly pictures: Readonly<Record<number, string>>
  /** Why a picture could not be read, by image id. */
  readonly pictureErrors: Readonly<Record<number, string>>
  start(): () => void
  setFilter(filter: GalleryFilter): Promise<void>
  /** The first page again, under the current filter. */
  reload(): Promise<void>
  loadMore(): Promise<void>
  /** Reads an image's picture unless it is held or on its way. */
  ensurePicture(imageId: number): void
  /** Resolves with the problem, or null once the image and its file are gone. */
  deleteImage(imageId: number): Promise<string | null>
  /** Shows the file in the OS file manager; `unavailable` where the console cannot (headless). */
  reveal(imageId: number): Promise<{ readonly unavailable: boolean; readonly problem: string | null }>
}

/** The gallery: pages of images under a filter, newest first; a finished job's images arrive by `imagegen.image`. */
export const useGalleryStore = create<GalleryStore>()((set, get) => {
  let latest = 0
  const pending = new Set<number>()
  /** Image ids in the order their pictures were read, to drop the oldest first. */
  const readOrder: number[] = []

  const loadPage = async (before: number | null) => {
    const request = ++latest
    const filter = get().filter
    set({ loading: true })
    try {
      const page = await api().request('imagegen.gallery', galleryQuery(filter, before))
      if (request !== latest) return
      set({ images: mergeImages(before === null ? [] : get().images, page), hasMore: page.length >= pageSize, loading: false, loaded: true, error: null })
    } catch (error) {
      if (request !== latest) return
      set({ loading: false, loaded: true, error: isMissingFeature(error) ? 'This console has no image gallery yet.' : `Could not read the gallery: ${messageOf(error)}` })
    }
  }

  const keepPicture = (imageId: number, dataUrl: string) => {
    const pictures = { ...get().pictures, [imageId]: dataUrl }
    const { [imageId]: _fixed, ...pictureErrors } = get().pictureErrors
    readOrder.push(imageId)
    while (readOrder.length > keptPictures) delete pictures[readOrder.shift()!]
    set({ pictures, pictureErrors })
  }

  return {
    filter: noFilter,
    images: [],
    loading: false,
    loaded: false,
    error: null,
    hasMore: false,
    pictures: {},
    pictureErrors: {},

    start() {
      const stop = api().on('imagegen.image', (image) => {
        if (get().loaded && matchesFilter(image, get().filter)) set({ images: mergeImages(get().images, [image]) })
      })
      void get().reload()
      return stop
    },

    async setFilter(filter) {
      set({ filter })
      await get().reload()
    },

    reload: () => loadPage(null),

    async loadMore() {
      const oldest = get().images.at(-1)
      if (!oldest || get().loading || !get().hasMore) return
      await loadPage(oldest.id)
    },

    ensurePicture(imageId) {
      if (get().pictures[imageId] !== undefined || pending.has(imageId)) return
      pending.add(imageId)
      api()
        .request('imagegen.image', { imageId })
        .then(
          ({ dataUrl }) => keepPicture(imageId, dataUrl),
          // The tile says why; scrolling it into view again tries again.
          (error: unknown) => set({ pictureErrors: { ...get().pictureErrors, [imageId]: messageOf(error) } })
        )
        .finally(() => pending.delete(imageId))
    },

    async deleteImage(imageId) {
      try {
        await api().request('imagegen.deleteImage', { imageId })
      } catch (error) {
        return messageOf(error)
      }
      const { [imageId]: _gone, ...pictures } = get().pictures
      set({ images: get().images.filter((image) => image.id !== imageId), pictures })
      return null
    },

    async reveal(imageId) {
      try {
        const { shown } = await api().request('imagegen.reveal', { imageId })
        return { unavailable: !shown, problem: shown ? null : 'This console cannot open a file manager (it runs headless): use Save instead.' }
      } catch (error) {
        return { unavailable: false, problem: `Could not show the file: ${messageOf(error)}` }
      }
    }
  }
})
