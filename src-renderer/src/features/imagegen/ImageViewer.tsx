import { useEffect, useId, useRef, useState } from 'react'
import type { GalleryImage } from '../../../../src-shared/imagegen'
import { messageOf } from '../../api/failures'
import { ConfirmDialog } from '../../components/ConfirmDialog'
import { downloadUrl } from '../../components/download'
import { ModalDialog } from '../../components/ModalDialog'
import { useHealthStore } from '../health/health-store'
import { useGalleryStore } from './gallery-store'
import { copyImage } from './image-files'

interface ImageViewerProps {
  readonly image: GalleryImage
  readonly onUseSettings: () => void
  readonly onClose: () => void
}

const feedbackMs = 1500

/** One image large, with what made it, and Copy, Save, Reveal, Delete and "Use these settings again". */
export function ImageViewer({ image, onUseSettings, onClose }: ImageViewerProps) {
  const id = useId()
  const close = useRef<HTMLButtonElement>(null)
  const picture = useGalleryStore((store) => store.pictures[image.id])
  const headless = useHealthStore((store) => store.headless)
  const [note, setNote] = useState<string | null>(null)
  const [revealGone, setRevealGone] = useState(false)
  const [deleting, setDeleting] = useState(false)
  const [copied, setCopied] = useState(false)

  useEffect(() => useGalleryStore.getState().ensurePicture(image.id), [image.id])
  useEffect(() => {
    if (!copied) return
    const timer = setTimeout(() => setCopied(false), feedbackMs)
    return () => clearTimeout(timer)
  }, [copied])

  const copy = async () => {
    if (!picture) return
    try {
      await copyImage(picture)
      setCopied(true)
      setNote(null)
    } catch (error) {
      setNote(`Could not copy the image: ${messageOf(error)}`)
    }
  }

  const reveal = async () => {
    const { unavailable, problem } = await useGalleryStore.getState().reveal(image.id)
    setRevealGone(unavailable)
    setNote(problem)
  }

  const remove = async () => {
    const problem = await useGalleryStore.getState().deleteImage(image.id)
    if (problem === null) onClose()
    return problem
  }

  return (
    <>
      <ModalDialog labelledBy={`${id}-title`} onEscape={onClose} initialFocus={close} className="ig-viewer">
        <h2 id={`${id}-title`}>Image {image.id}</h2>
        <div className="ig-viewer-body">
          {picture ? (
            <img className="ig-viewer-image" src={picture} alt={image.prompt} />
          ) : (
            <p className="muted ig-viewer-image" role="status">
              Loading the picture…
            </p>
          )}
          <dl className="facts ig-viewer-facts">
            <dt>Prompt</dt>
            <dd>{image.prompt}</dd>
            {image.negativePrompt !== '' && (
              <>
                <dt>Negative prompt</dt>
                <dd>{image.negativePrompt}</dd>
              </>
            )}
            <dt>Size</dt>
            <dd>
              {image.width}×{image.height}
            </dd>
            <dt>Steps</dt>
            <dd>{image.steps}</dd>
            <dt>CFG</dt>
            <dd>{image.cfg}</dd>
            <dt>Seed</dt>
            <dd>{image.seed}</dd>
            <dt>Model</dt>
            <dd>{image.model ?? 'the loaded one'}</dd>
            <dt>Worker</dt>
            <dd>{image.workerName}</dd>
            {image.durationMs !== null && (
              <>
                <dt>Took</dt>
                <dd>{(image.durationMs / 1000).toFixed(1)} s</dd>
              </>
            )}
            <dt>Made</dt>
            <dd>{new Date(image.createdAt).toLocaleString()}</dd>
            <dt>File</dt>
            <dd className="mono">{image.fileName}</dd>
          </dl>
        </div>
        {note && (
          <p className="dialog-error" role="alert">
            {note}
          </p>
        )}
        <div className="dialog-actions ig-viewer-actions">
          <button type="button" className="primary" onClick={onUseSettings}>
            Use these settings again
          </button>
          <button type="button" disabled={!picture} onClick={() => void copy()}>
            {copied ? 'Copied' : 'Copy'}
          </button>
          <button type="button" disabled={!picture} onClick={() => picture && downloadUrl(picture, image.fileName)}>
            Save
          </button>
          {!headless && (
            <button type="button" disabled={revealGone} onClick={() => void reveal()}>
              Reveal
            </button>
          )}
          <button type="button" className="danger" onClick={() => setDeleting(true)}>
            Delete
          </button>
          <button ref={close} type="button" onClick={onClose}>
            Close
          </button>
        </div>
      </ModalDialog>
      {deleting && (
        <ConfirmDialog
          title={`Delete image ${image.id}?`}
          text={<>The PNG file {image.fileName} and its settings are removed from the gallery for good.</>}
          confirm="Delete"
          onConfirm={remove}
          onClose={() => setDeleting(false)}
        />
      )}
    </>
  )
}
