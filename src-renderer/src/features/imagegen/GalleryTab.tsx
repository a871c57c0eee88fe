import { useState } from 'react'
import { GalleryFilters } from './GalleryFilters'
import { GalleryTile } from './GalleryTile'
import { ImageViewer } from './ImageViewer'
import { useFormStore } from './form-store'
import { useGalleryStore } from './gallery-store'
import { formOfImage } from './submit-form'

/** Every image made, newest first, filtered; a click opens it large. */
export function GalleryTab({ onUseSettings }: { readonly onUseSettings: () => void }) {
  const images = useGalleryStore((store) => store.images)
  const loaded = useGalleryStore((store) => store.loaded)
  const loading = useGalleryStore((store) => store.loading)
  const error = useGalleryStore((store) => store.error)
  const hasMore = useGalleryStore((store) => store.hasMore)
  const [openId, setOpenId] = useState<number | null>(null)
  const open = images.find((image) => image.id === openId) ?? null

  return (
    <div className="ig-gallery">
      <GalleryFilters />
      {error && (
        <p className="playground-error" role="alert">
          {error}
        </p>
      )}
      {!loaded ? (
        <p className="loading" role="status">
          Reading the gallery…
        </p>
      ) : (
        images.length === 0 && !error && <p className="playground-empty">No image here yet: generate some, or change the filters.</p>
      )}
      {images.length > 0 && (
        <ul className="ig-grid" aria-label="Gallery">
          {images.map((image) => (
            <GalleryTile key={image.id} image={image} onOpen={() => setOpenId(image.id)} />
          ))}
        </ul>
      )}
      {hasMore && (
        <button type="button" className="ig-more" disabled={loading} onClick={() => void useGalleryStore.getState().loadMore()}>
          {loading ? 'Loading…' : 'Show older images'}
        </button>
      )}
      {open && (
        <ImageViewer
          image={open}
          onClose={() => setOpenId(null)}
          onUseSettings={() => {
            useFormStore.getState().replace(formOfImage(open))
            setOpenId(null)
            onUseSettings()
          }}
        />
      )}
    </div>
  )
}
