import { GalleryTab } from './GalleryTab'
import { GenerateTab } from './GenerateTab'
import { imagesPanelId, imagesTabId, ImagesTabs } from './ImagesTabs'
import { useImagesTab } from './use-images-tab'

/** The image-generation section: submit jobs and watch every worker's queue, or browse the gallery. */
export function ImagesView() {
  const [tab, setTab] = useImagesTab()
  return (
    <section className="images" aria-labelledby="images-title">
      <header className="playground-header">
        <h1 id="images-title">Images</h1>
        <ImagesTabs value={tab} onChange={setTab} />
      </header>
      <div role="tabpanel" id={imagesPanelId} aria-labelledby={imagesTabId(tab)} className="images-panel">
        {tab === 'generate' ? <GenerateTab /> : <GalleryTab onUseSettings={() => setTab('generate')} />}
      </div>
    </section>
  )
}
