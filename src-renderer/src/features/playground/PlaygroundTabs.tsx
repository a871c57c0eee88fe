import { useRef, type KeyboardEvent } from 'react'
import { playgroundTabs, stepTab, type PlaygroundTab } from './playground-tabs'

export const tabId = (tab: PlaygroundTab) => `playground-tab-${tab}`
export const panelId = 'playground-panel'

/** Chat / Compare / Models: Tab reaches the open one, arrow keys, Home and End move between them. */
export function PlaygroundTabs({ value, onChange }: { readonly value: PlaygroundTab; readonly onChange: (tab: PlaygroundTab) => void }) {
  const list = useRef<HTMLDivElement>(null)

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const next = stepTab(value, event.key)
    if (next === null) return
    event.preventDefault()
    onChange(next)
    list.current?.querySelector<HTMLElement>(`#${tabId(next)}`)?.focus()
  }

  return (
    <div ref={list} role="tablist" aria-label="Playground" className="playground-tabs" onKeyDown={onKeyDown}>
      {playgroundTabs.map((tab) => (
        <button
          key={tab.id}
          id={tabId(tab.id)}
          type="button"
          role="tab"
          aria-selected={tab.id === value}
          aria-controls={panelId}
          tabIndex={tab.id === value ? 0 : -1}
          onClick={() => onChange(tab.id)}
        >
          {tab.label}
        </button>
      ))}
    </div>
  )
}
