import { useEffect, useRef } from 'react'
import type { GalleryImage } from '../../../../src-shared/imagegen'
import { useGalleryStore } from './gallery-store'

/** A thumbnail: the picture is asked for only once the tile scrolls into view. */
export function GalleryTile({ image, onOpen }: { readonly image: GalleryImage; readonly onOpen: () => void }) {
  const tile = useRef<HTMLButtonElement>(null)
  const picture = useGalleryStore((store) => store.pictures[image.id])
  const error = useGalleryStore((store) => store.pictureErrors[image.id])

  useEffect(() => {
    const element = tile.current
    if (!element || picture !== undefined) return
    const observer = new IntersectionObserver(
      (entries) => {
        if (entries.some((entry) => entry.isIntersecting)) useGalleryStore.getState().ensurePicture(image.id)
      },
      { rootMargin: '200px' }
    )
    observer.observe(element)
    return () => observer.disconnect()
  }, [image.id, picture])

  return (
    <li className="ig-tile">
      <button ref={tile} type="button" aria-label={`Open image ${image.id}: ${image.prompt}`} onClick={onOpen}>
        {picture !== undefined ? (
          <img src={picture} alt="" width={image.width} height={image.height} />
        ) : (
          <span className="ig-tile-placeholder">
            {error ? 'No picture' : ''}
          </span>
        )}
        <span className="ig-tile-caption">{image.prompt}</span>
      </button>
    </li>
  )
}
