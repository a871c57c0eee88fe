import { useRef, type KeyboardEvent } from 'react'
import type { SectionTabs } from '../app/section-tabs'

/** A section's tab list: Tab reaches the open one, arrow keys, Home and End move between them. */
export function SectionTabBar<Id extends string>({ tabs, value, onChange }: { readonly tabs: SectionTabs<Id>; readonly value: Id; readonly onChange: (tab: Id) => void }) {
  const list = useRef<HTMLDivElement>(null)

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const next = tabs.step(value, event.key)
    if (next === null) return
    event.preventDefault()
    onChange(next)
    list.current?.querySelector<HTMLElement>(`#${tabs.tabId(next)}`)?.focus()
  }

  return (
    <div ref={list} role="tablist" aria-label={tabs.label} className="section-tabs" onKeyDown={onKeyDown}>
      {tabs.tabs.map((tab) => (
        <button
          key={tab.id}
          id={tabs.tabId(tab.id)}
          type="button"
          role="tab"
          aria-selected={tab.id === value}
          aria-controls={tabs.panelId}
          tabIndex={tab.id === value ? 0 : -1}
          onClick={() => onChange(tab.id)}
        >
          {tab.label}
        </button>
      ))}
    </div>
  )
}
