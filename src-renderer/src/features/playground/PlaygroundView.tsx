import { useEffect } from 'react'
import { ChatTab } from './ChatTab'
import { CompareTab } from './CompareTab'
import { prepareMarkdown } from './MarkdownBlock'
import { ModelsTab } from './ModelsTab'
import { panelId, PlaygroundTabs, tabId } from './PlaygroundTabs'
import { usePlaygroundTab } from './use-playground-tab'

/** The Ollama playground section: chat, compare across models and machines, manage models. */
export function PlaygroundView() {
  const [tab, setTab] = usePlaygroundTab()
  useEffect(() => {
    // While the user picks a model and types, not in the first streamed frame.
    const idle = requestIdleCallback(prepareMarkdown, { timeout: 2000 })
    return () => cancelIdleCallback(idle)
  }, [])
  return (
    <section className="playground" aria-labelledby="playground-title">
      <header className="playground-header">
        <h1 id="playground-title">Playground</h1>
        <PlaygroundTabs value={tab} onChange={setTab} />
      </header>
      <div role="tabpanel" id={panelId} aria-labelledby={tabId(tab)} className="playground-panel">
        {tab === 'chat' ? <ChatTab /> : tab === 'compare' ? <CompareTab /> : <ModelsTab />}
      </div>
    </section>
  )
}
