import { useSectionTab } from '../../app/use-section-tab'
import { SectionTabBar } from '../../components/SectionTabBar'
import { GalleryTab } from './GalleryTab'
import { GenerateTab } from './GenerateTab'
import { imagesTabs } from './images-tabs'

/** The image-generation section: submit jobs and watch every worker's queue, or browse the gallery. */
export function ImagesView() {
  const [tab, setTab] = useSectionTab(imagesTabs)
  return (
    <section className="images" aria-labelledby="images-title">
      <header className="playground-header">
        <h1 id="images-title">Images</h1>
        <SectionTabBar tabs={imagesTabs} value={tab} onChange={setTab} />
      </header>
      <div role="tabpanel" id={imagesTabs.panelId} aria-labelledby={imagesTabs.tabId(tab)} className="images-panel">
        {tab === 'generate' ? <GenerateTab /> : <GalleryTab onUseSettings={() => setTab('generate')} />}
      </div>
    </section>
  )
}
