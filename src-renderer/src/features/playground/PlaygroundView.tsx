import { useEffect } from 'react'
import { useSectionTab } from '../../app/use-section-tab'
import { SectionTabBar } from '../../components/SectionTabBar'
import { ChatTab } from './ChatTab'
import { CompareTab } from './CompareTab'
import { prepareMarkdown } from './MarkdownBlock'
import { ModelsTab } from './ModelsTab'
import { playgroundTabs } from './playground-tabs'

/** The Ollama playground section: chat, compare across models and machines, manage models. */
export function PlaygroundView() {
  const [tab, setTab] = useSectionTab(playgroundTabs)
  useEffect(() => {
    // While the user picks a model and types, not in the first streamed frame.
    const idle = requestIdleCallback(prepareMarkdown, { timeout: 2000 })
    return () => cancelIdleCallback(idle)
  }, [])
  return (
    <section className="playground" aria-labelledby="playground-title">
      <header className="playground-header">
        <h1 id="playground-title">Playground</h1>
        <SectionTabBar tabs={playgroundTabs} value={tab} onChange={setTab} />
      </header>
      <div role="tabpanel" id={playgroundTabs.panelId} aria-labelledby={playgroundTabs.tabId(tab)} className="playground-panel">
        {tab === 'chat' ? <ChatTab /> : tab === 'compare' ? <CompareTab /> : <ModelsTab />}
      </div>
    </section>
  )
}
